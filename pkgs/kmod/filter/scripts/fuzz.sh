#!/bin/sh
# fuzz.sh BIN SEEDS DICT SECONDS DIR: a bounded libFuzzer run from the
# committed seeds; the corpus it grows, its log and any crash go to DIR.
bin=$1 seeds=$2 dict=$3 seconds=$4 dir=$5
mkdir -p "$dir/corpus"
"$bin" "$dir/corpus" "$seeds" -dict="$dict" -max_total_time="$seconds" \
	-print_final_stats=1 -artifact_prefix="$dir/" >"$dir/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log")
took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$dir/fuzz.log")
corpus=$(ls "$dir/corpus" | wc -l | tr -d ' ')
if [ "$rc" -ne 0 ] || [ -z "$runs" ]; then
	tail -n 40 "$dir/fuzz.log"
	echo "fuzz: exited with status $rc; log $dir/fuzz.log, crash inputs $dir/crash-*"
	echo "kmod-target fuzz: 0 passed, 1 failed"
	exit 1
fi
echo "fuzz_filter: $runs runs in ${took:-$seconds} s, corpus $corpus inputs (log $dir/fuzz.log)"
echo "kmod-target fuzz: 1 passed, 0 failed"
