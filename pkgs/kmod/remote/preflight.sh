# What a remote host is and has, before anything is synced to it: vmgate sends
# this file as the command of `ssh HOST` (so it is plain POSIX sh) and reads
# one fact per line. See ts/src/kmod/preflight.ts.
echo "os $(uname -s)"
echo "release $(uname -r)"
echo "uid $(id -u)"
for t in rsync make gmake cc clang valgrind apt-get pkg rmmod setsid; do
	if p=$(command -v "$t" 2>/dev/null); then echo "tool $t $p"; else echo "no-tool $t"; fi
done
kdir="/lib/modules/$(uname -r)/build"
if [ -f "$kdir/Makefile" ]; then echo "kdir $kdir"; fi
if [ -e /proc/modules ]; then echo "modules yes"; fi
