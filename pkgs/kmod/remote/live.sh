#!/bin/sh
# A live target on this host (as root): tcpstats.ko and tcpstats-live built
# against the running kernel's build tree, fd limits raised, the target run
# (tcpstats-live loads and unloads the module itself), and the module unloaded
# on every way out if it is still there. New kernel messages are printed as
# `kernel: ...` lines, which vmgate checks for BUG, WARNING and Oops.
#
#   sh remote/live.sh TARGET [tcpstats-live flags]   (from the synced pkgs/kmod)
set -u
target=$1
kdir=${KDIR:-/lib/modules/$(uname -r)/build}
fail() {
	echo "live: $*"
	echo "kmod-target $target: 0 passed, 1 failed"
	exit 1
}
exporter_pid=
unload() {
	[ -n "$exporter_pid" ] && kill "$exporter_pid" 2>/dev/null
	[ -d /sys/module/tcpstats ] || return 0
	if rmmod tcpstats; then echo "live: tcpstats was still loaded after $target: unloaded it"; else echo "live: tcpstats is still loaded after $target and rmmod failed"; fi
}
[ "$(uname -s)" = Linux ] || fail "tcpstats is a Linux module; this host runs $(uname -s)"
[ "$(id -u)" = 0 ] || fail "loading a module needs root: log in as root"
[ -d /sys/module/tcpstats ] && fail "a tcpstats module is already loaded here: unload it first (rmmod tcpstats)"
# The expected counts are of the fixture's sockets alone: this host's own
# (sshd, the session running this) must not be in the table, so the target
# runs in a network namespace of its own, with lo up.
if [ -z "${TCPSTATS_OWN_NETNS:-}" ] && command -v ip >/dev/null && unshare --net true 2>/dev/null; then
	export TCPSTATS_OWN_NETNS=1
	exec unshare --net sh "$0" "$@"
fi
if [ -n "${TCPSTATS_OWN_NETNS:-}" ]; then
	ip link set lo up
	echo "live: in a network namespace of its own"
else
	echo "live: no network namespace here (unshare --net failed, or no ip): running beside this host's own sockets, which the counts do not expect"
fi
trap unload EXIT
# A lost connection (SIGPIPE on output, or HUP) still unloads through the EXIT trap.
trap 'exit 130' INT TERM HUP PIPE
mkdir -p build
make --no-print-directory kmod KDIR="$kdir" >build/live-kmod.log 2>&1 ||
	{ tail -n 20 build/live-kmod.log; fail "tcpstats.ko did not build against $kdir"; }
make --no-print-directory user >build/live-user.log 2>&1 ||
	{ tail -n 20 build/live-user.log; fail "tcpstats-live did not build"; }
echo "live: built tcpstats.ko against $kdir for kernel $(uname -r)"
export TCPSTATS_GEN_CONN="$PWD/build/user/gen_conn"
# tcpstats-exporter, where libmicrohttpd is: tcpstats-live scrapes it after
# each load and before each unload and prints the deltas. It is passive (it
# opens the device per request), so it holds no module reference between.
# It listens on a unix socket: a TCP listener would be a socket in the tables counted.
export TCPSTATS_EXPORTER_SOCKET="$PWD/build/exporter.sock" TCPSTATS_SCRAPE_SAVE="$PWD/build/scrape.txt"
rm -f "$TCPSTATS_SCRAPE_SAVE" "$TCPSTATS_EXPORTER_SOCKET"
if make --no-print-directory -C user exporter >build/live-exporter.log 2>&1; then
	build/user/tcpstats-exporter --unix "$TCPSTATS_EXPORTER_SOCKET" 2>>build/live-exporter.log &
	exporter_pid=$!
	# The first scrape follows the load closely: wait until it listens (up to 30 s).
	i=0
	while [ ! -S "$TCPSTATS_EXPORTER_SOCKET" ] && [ $i -lt 300 ] && kill -0 "$exporter_pid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	echo "live: tcpstats-exporter serving /metrics on $TCPSTATS_EXPORTER_SOCKET"
else
	echo "live: no tcpstats-exporter (it needs libmicrohttpd-dev; see build/live-exporter.log): no scrapes"
fi
# The bench and the concurrent cases hold many sockets open at once: as many
# as root may (fs.nr_open's default), else the hard limit.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -H -n)" 2>/dev/null
echo "live: fd limit $(ulimit -n)"
before=$(dmesg | wc -l)
TCPSTATS_KO="$PWD/build/module/tcpstats.ko" build/user/tcpstats-live "$@"
status=$?
dmesg | tail -n "+$((before + 1))" | sed 's/^/kernel: /'
# The last scrape the target saved must be valid Prometheus text.
if [ -s "$TCPSTATS_SCRAPE_SAVE" ] && command -v promtool >/dev/null; then
	if promtool check metrics <"$TCPSTATS_SCRAPE_SAVE" >build/promtool.log 2>&1; then
		echo "live: promtool check metrics passed on a scrape ($(wc -l <"$TCPSTATS_SCRAPE_SAVE") lines)"
	else
		sed 's/^/live: promtool: /' build/promtool.log
		echo "live: promtool check metrics failed on the scrape in $TCPSTATS_SCRAPE_SAVE"
		status=1
	fi
fi
unload
[ -d /sys/module/tcpstats ] || echo "live: tcpstats is not loaded after $target"
exit "$status"
