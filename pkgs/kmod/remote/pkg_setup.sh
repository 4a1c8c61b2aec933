#!/bin/sh
# pkg_setup: installs what the targets need with this host's package manager
# (apt-get on Debian and Ubuntu, pkg on FreeBSD), only what is missing, and says
# what it did. Running it again installs nothing. Last line: the target summary.
set -u
result() {
	echo "kmod-target pkg_setup: $1 passed, $2 failed"
	exit "$2"
}
release=$(uname -r)
if command -v apt-get >/dev/null 2>&1; then
	want="make gcc libc6-dev clang valgrind rsync libmicrohttpd-dev prometheus"
	headers="linux-headers-$release"
	if [ -f "/lib/modules/$release/build/Makefile" ]; then
		echo "pkg_setup: kernel $release has its build tree at /lib/modules/$release/build"
	elif apt-cache show "$headers" >/dev/null 2>&1; then
		want="$want $headers"
	else
		echo "pkg_setup: kernel $release has no build tree and there is no package $headers: the module and live targets cannot run here"
	fi
	is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
	install() { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"; }
elif command -v pkg >/dev/null 2>&1; then
	# FreeBSD: cc is clang, in base; GNU make is gmake.
	want="gmake rsync valgrind libmicrohttpd"
	is_installed() { pkg info -e "$1"; }
	install() { pkg install -y "$@"; }
else
	echo "pkg_setup: neither apt-get nor pkg here; install make, a C compiler, clang, valgrind and rsync by hand"
	result 0 1
fi
missing=""
for p in $want; do is_installed "$p" || missing="$missing $p"; done
if [ -z "$missing" ]; then
	echo "pkg_setup: nothing to install; already present: $want"
	result 1 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "pkg_setup: missing$missing, and installing needs root: log in as root or install them"
	result 0 1
fi
echo "pkg_setup: installing$missing"
if install $missing; then
	echo "pkg_setup: installed$missing"
	result 1 0
fi
echo "pkg_setup: installing$missing failed (see above)"
result 0 1
