#!/bin/sh
# make check: the tools built for the host, run over loopback (IPv4 and IPv6). Each
# reported hash must be what seq and sha256sum give; a sink expecting more or other
# bytes must fail naming it. Usage: check.sh DIR (holding tcp-xfer and udp-echo).
set -u
bin=$1
# Below the usual ephemeral range (32768–60999): a client end in TIME-WAIT cannot hold the port.
port=$((20000 + $$ % 10000))
failed=0

fail() { echo "check: $*" >&2; failed=1; }
hash_of() { seq 1 "$1" | sha256sum | cut -d' ' -f1; }

# tcp COUNT_SENT COUNT_EXPECTED HOST: one transfer; leaves the two ends' output in $out.
tcp() {
	port=$((port + 1))
	"$bin/tcp-xfer" sink $port "$2" > /tmp/check-sink.$$ 2>&1 & sink=$!
	"$bin/tcp-xfer" source "$3" $port "$1" 5 > /tmp/check-source.$$ 2>&1; source_rc=$?
	wait $sink; sink_rc=$?
	out=$(cat /tmp/check-sink.$$ /tmp/check-source.$$)
}

for count in 0 1 9 10 99 100 170000; do
	for host in 127.0.0.1 ::1; do
		tcp $count $count $host
		[ $source_rc -eq 0 ] && [ $sink_rc -eq 0 ] || fail "tcp $count over $host: $out"
		echo "$out" | grep -q "sent $(seq 1 $count | wc -c) bytes in .* sha256 $(hash_of $count), the sink's matches" || fail "tcp $count: $out"
	done
done
tcp 1000 1001 127.0.0.1
[ $sink_rc -eq 1 ] && echo "$out" | grep -q 'short transfer: received 3893 of 3898 bytes' || fail "short: $out"
# The source checks only that the sink got what was sent: its bytes arrived whole.
[ $source_rc -eq 0 ] || fail "short, source: $out"
tcp 1001 1000 ::1
[ $sink_rc -eq 1 ] && echo "$out" | grep -q 'sha256 mismatch: received 3898 bytes .* first difference at byte 3893' || fail "long: $out"
"$bin/tcp-xfer" source 127.0.0.1 $((port + 1)) 10 1 2> /tmp/check-source.$$
grep -q 'cannot connect to 127.0.0.1 port .* within 1 s' /tmp/check-source.$$ || fail "no sink: $(cat /tmp/check-source.$$)"
"$bin/tcp-xfer" source 127.0.0.x 1 1 2>&1 | grep -qx "tcp-xfer source: bad address '127.0.0.x'" || fail "bad address not quoted"

for host in 127.0.0.1 ::1; do
	port=$((port + 1))
	"$bin/udp-echo" serve $port 20000 > /tmp/check-sink.$$ 2>&1 & sink=$!
	"$bin/udp-echo" send $host $port 20000 > /tmp/check-source.$$ 2>&1 || fail "udp over $host: $(cat /tmp/check-source.$$)"
	wait $sink || fail "udp serve over $host: $(cat /tmp/check-sink.$$)"
	grep -q "received 108894 bytes in 107 datagrams (0 repeated, 0 early) in .* sha256 $(hash_of 20000), as expected" /tmp/check-sink.$$ || fail "udp serve: $(cat /tmp/check-sink.$$)"
done
port=$((port + 1))
"$bin/udp-echo" serve $port 20001 > /dev/null 2> /tmp/check-sink.$$ & sink=$!
"$bin/udp-echo" send 127.0.0.1 $port 20000 > /dev/null
wait $sink && fail "udp serve took a short payload"
grep -q 'sha256 mismatch: received 108894 bytes' /tmp/check-sink.$$ || fail "udp short: $(cat /tmp/check-sink.$$)"

rm -f /tmp/check-sink.$$ /tmp/check-source.$$
[ $failed -eq 0 ] && echo "check: tcp-xfer and udp-echo pass"
exit $failed
