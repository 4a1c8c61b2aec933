#!/bin/sh
# callgrind.sh VALGRIND BENCH DIR N: instructions (Ir) per parse and per
# match for each benchmark workload, counted by callgrind inside
# tcpstats_filter_parse / tcpstats_filter_match only. Instruction counts
# hold still on a busy machine where timings do not.
vg=$1 bench=$2 dir=$3 n=$4
socks=1024
rounds=$((n / 10 > 0 ? n / 10 : 1)) # match rounds over the 1024 sockets
mkdir -p "$dir"

# ir FUNCTION WORKLOAD MODE COUNT: the Ir callgrind counted inside FUNCTION.
ir() {
	out="$dir/$2.$3.out"
	"$vg" --tool=callgrind --callgrind-out-file="$out" --toggle-collect="$1" \
		"$bench" -w "$2" -m "$3" -n "$4" >"$dir/$2.$3.log" 2>&1 || return 1
	sed -n -e 's/^summary: *\([0-9]*\).*/\1/p' -e 's/^totals: *\([0-9]*\).*/\1/p' "$out" |
		head -n 1
}

workloads=$("$bench" -l) || { echo "kmod-target callgrind: 0 passed, 1 failed"; exit 1; }
printf '%-12s %12s %12s\n' workload Ir/parse Ir/match
for w in $workloads; do
	p=$(ir tcpstats_filter_parse "$w" parse "$n") &&
		m=$(ir tcpstats_filter_match "$w" match "$rounds") &&
		[ -n "$p" ] && [ -n "$m" ] || {
		echo "callgrind: $w failed; see $dir/$w.*.log"
		echo "kmod-target callgrind: 0 passed, 1 failed"
		exit 1
	}
	printf '%-12s %12d %12d\n' "$w" $((p / n)) $((m / (rounds * socks)))
done
echo "kmod-target callgrind: 1 passed, 0 failed"
