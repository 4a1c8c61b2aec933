// Guest commands shared by scenarios. Payloads are generated on both sides
// (`seq`), so no file has to travel with the guest, and both sides check SHA-256.

const SEQ = 100_000 // 588,895 bytes

/** Waits until something listens on the TCP port, then tells the host the node is ready. */
export function readyWhenListening(port: number): string {
  const hex = port.toString(16).toUpperCase().padStart(4, '0')
  return `until cat /proc/net/tcp /proc/net/tcp6 | grep -qE ':${hex} 0+:0000 0A'; do usleep 10000; done; vmgate-ready`
}

const expected = (count: number) => `expected=$(seq 1 ${count} | sha256sum | cut -d' ' -f1)`

/** Receives the payload on `port`, checks its SHA-256, and sends the hash back to the client's `port + 1`. */
export function tcpSink(client: string, port = 5000, count = SEQ, then = ''): string[] {
  // Listen first and hash the expected payload while it arrives: under TCG the
  // hash takes a second or more, and the peer waits for this node's readiness.
  return ['sh', '-c', `nc -l -p ${port} > /tmp/got & pid=$!
${readyWhenListening(port)}
${expected(count)}
wait $pid
got=$(sha256sum < /tmp/got | cut -d' ' -f1)
echo "sink: received $(wc -c < /tmp/got) bytes, sha256 $got"
[ "$got" = "$expected" ] || { echo "sink: sha256 mismatch, expected $expected" >&2; exit 1; }
nc ${client} ${port + 1} -e echo "$got"
${then}`]
}

/** Sends the payload to the sink and checks the hash it reports back. */
export function tcpSource(server: string, port = 5000, connectTimeoutS = 10, count = SEQ): string[] {
  return ['sh', '-c', `nc -l -p ${port + 1} > /tmp/ack & pid=$!
start=$(cut -d' ' -f1 /proc/uptime)
nc -w ${connectTimeoutS} ${server} ${port} -e seq 1 ${count} || { echo "source: could not send to ${server}:${port}" >&2; kill $pid; exit 1; }
${expected(count)}
wait $pid
echo "source: sent $(seq 1 ${count} | wc -c) bytes in $(awk -v a=$start -v b=$(cut -d' ' -f1 /proc/uptime) 'BEGIN { printf "%.2f", b - a }') s"
echo "source: sink reports sha256 $(cat /tmp/ack)"
[ "$(cat /tmp/ack)" = "$expected" ] || { echo "source: sink saw other bytes than were sent" >&2; exit 1; }`]
}

/** Pings three times; passes when even the fastest round trip took at least `ms`. */
export function pingAtLeast(address: string, ms: number): string[] {
  return ['sh', '-c', `ping -c 3 ${address} | tee /tmp/ping
min=$(sed -n 's#.*min/avg/max = \\([0-9]*\\).*#\\1#p' /tmp/ping)
echo "min rtt $min ms"; [ "$min" -ge ${ms} ]`]
}
