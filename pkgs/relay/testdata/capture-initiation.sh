#!/bin/sh
# Capture one real WireGuard handshake initiation and print it as a MAC1
# known-answer vector line for mac1-vectors.txt.
#
# How: a throwaway network namespace runs wireguard-go (the userspace
# WireGuard from Debian's wireguard-go package) with fresh keys from `wg genkey`.
# Its one peer's endpoint is a plain UDP socket on 127.0.0.1:40000 inside the
# namespace. Sending any IP packet into the tunnel makes wireguard-go emit a
# handshake initiation to that socket, which we record verbatim. python3's
# hashlib.blake2s then recomputes MAC1 independently of relayd and of OpenSSL;
# the script refuses to print a vector whose MAC1 does not check out.
#
# Needs root, /dev/net/tun, iproute2, wireguard-tools, wireguard-go, python3.
set -eu
ns=relaycap$$
dir=$(mktemp -d)
wgpid=
cleanup() {
	[ -n "$wgpid" ] && kill "$wgpid" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT
umask 077
wg genkey >"$dir/init.key"
wg genkey >"$dir/resp.key"
wg pubkey <"$dir/init.key" >"$dir/init.pub"
wg pubkey <"$dir/resp.key" >"$dir/resp.pub"
ip netns add "$ns"
ip -n "$ns" link set lo up
ip netns exec "$ns" env LOG_LEVEL=error wireguard-go -f wgcap0 >/dev/null 2>&1 &
wgpid=$!
i=0
until ip -n "$ns" link show wgcap0 >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -lt 50 ] || { echo "wireguard-go did not start" >&2; exit 1; }
	sleep 0.1
done
ip netns exec "$ns" wg set wgcap0 private-key "$dir/init.key" \
	peer "$(cat "$dir/resp.pub")" endpoint 127.0.0.1:40000 allowed-ips 10.99.0.2/32
ip -n "$ns" addr add 10.99.0.1/24 dev wgcap0
ip -n "$ns" link set wgcap0 up
ip netns exec "$ns" python3 - "$dir/init.pub" "$dir/resp.pub" <<'PY'
import base64, hashlib, socket, sys
init_pub, resp_pub = (open(p).read().strip() for p in sys.argv[1:3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 40000))
s.settimeout(10)
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("10.99.0.2", 9))
pkt, _ = s.recvfrom(2048)
assert len(pkt) == 148 and pkt[0] == 1, "not a handshake initiation"
key = hashlib.blake2s(b"mac1----" + base64.b64decode(resp_pub)).digest()
mac1 = hashlib.blake2s(pkt[:116], key=key, digest_size=16).digest()
assert mac1 == pkt[116:132], "MAC1 does not verify"
print(f"vector responder_pub={resp_pub} initiator_pub={init_pub} "
      f"mac1_key={key.hex()} mac1={mac1.hex()} packet={pkt.hex()}")
PY
