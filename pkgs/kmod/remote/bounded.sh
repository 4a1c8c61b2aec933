#!/bin/sh
# Runs "$@" in a session of its own, and ends that session when this script's
# standard input reaches end of file. vmgate holds ssh's stdin open for as long
# as it waits on a target, so end of file means it stopped waiting: it timed the
# target out, was interrupted, or lost the connection. Without a terminal, sshd
# sends no hangup and the target would go on running on the host.
#
#   sh remote/bounded.sh COMMAND [ARG...]
if ! command -v setsid >/dev/null 2>&1; then
	# No setsid (FreeBSD's base system): the target is not bounded there.
	exec "$@" </dev/null
fi
exec 3<&0
setsid "$@" </dev/null &
target=$!
{
	cat <&3 >/dev/null 2>&1
	kill -s TERM -- "-$target" 2>/dev/null
	sleep 5
	kill -s KILL -- "-$target" 2>/dev/null
} >/dev/null 2>&1 &
watcher=$!
exec 3<&-
wait "$target"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
