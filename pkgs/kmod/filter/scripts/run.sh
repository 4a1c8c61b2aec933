#!/bin/sh
# run.sh NAME OUT CMD...: runs a test binary that ends its output with
#   kmod-target NAME: P passed, F failed
# and makes that line true and last even when the binary crashed or a
# wrapper (valgrind, a sanitizer) failed it after the cases passed. Its
# stdout goes to OUT and is shown; with LOG set, that file's tail is shown
# on failure (valgrind's report).
name=$1 out=$2
shift 2
"$@" >"$out"
rc=$?
summary=$(tail -n 1 "$out")
sed '$d' "$out"
case $summary in
"kmod-target $name: "*) ;;
*)
	[ -n "$summary" ] && echo "$summary"
	summary="kmod-target $name: 0 passed, 1 failed"
	echo "$name: $1 exited with status $rc before its summary line"
	;;
esac
passed=$(echo "$summary" | sed 's/.*: \([0-9]*\) passed.*/\1/')
failed=$(echo "$summary" | sed 's/.*passed, \([0-9]*\) failed/\1/')
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	echo "$name: every case passed but $1 exited with status $rc"
	failed=1
fi
if [ "$failed" -ne 0 ] && [ -n "$LOG" ] && [ -s "$LOG" ]; then
	echo "$name: the last lines of $LOG:"
	tail -n 40 "$LOG"
fi
echo "kmod-target $name: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
