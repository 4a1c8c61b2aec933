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
unload() {
	[ -d /sys/module/tcpstats ] || return 0
	if rmmod tcpstats; then echo "live: tcpstats was still loaded after $target: unloaded it"; else echo "live: tcpstats is still loaded after $target and rmmod failed"; fi
}
[ "$(uname -s)" = Linux ] || fail "tcpstats is a Linux module; this host runs $(uname -s)"
[ "$(id -u)" = 0 ] || fail "loading a module needs root: log in as root"
[ -d /sys/module/tcpstats ] && fail "a tcpstats module is already loaded here: unload it first (rmmod tcpstats)"
trap unload EXIT
# A lost connection (SIGPIPE on output, or HUP) still unloads through the EXIT trap.
trap 'exit 130' INT TERM HUP PIPE
mkdir -p build
make --no-print-directory kmod KDIR="$kdir" >build/live-kmod.log 2>&1 ||
	{ tail -n 20 build/live-kmod.log; fail "tcpstats.ko did not build against $kdir"; }
make --no-print-directory user >build/live-user.log 2>&1 ||
	{ tail -n 20 build/live-user.log; fail "tcpstats-live did not build"; }
echo "live: built tcpstats.ko against $kdir for kernel $(uname -r)"
# The bench and the concurrent cases hold many sockets open at once: as many
# as root may (fs.nr_open's default), else the hard limit.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -H -n)" 2>/dev/null
echo "live: fd limit $(ulimit -n)"
before=$(dmesg | wc -l)
TCPSTATS_KO="$PWD/build/module/tcpstats.ko" build/user/tcpstats-live "$@"
status=$?
dmesg | tail -n "+$((before + 1))" | sed 's/^/kernel: /'
unload
[ -d /sys/module/tcpstats ] || echo "live: tcpstats is not loaded after $target"
exit "$status"
