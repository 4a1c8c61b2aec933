// The relay in guests: peer-a and peer-b run kernel WireGuard with each other
// as peers and relayd (on `relay`) as their endpoint. Each peer reaches the
// relay over its own link.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import type { ImpairmentInput } from '../src/net/impairment.js'
import { matrix, type Scenario } from '../src/scenario/scenario.js'
import { readyWhenListening } from './payload.js'

export type Family = 'ipv4' | 'ipv6'

// The payloads are what `seq 1 N` prints, made and hashed in-stream on both ends by
// tcp-xfer and udp-echo (roots/tools), so a guest spends no time in seq or sha256sum.
// seq 1 170000: 1,078,895 bytes, just over 1 MiB (1,048,576).
const MIB_SEQ = 170_000
const TCP_PORT = 5000
// The UDP echo: seq 1 20000, 108,894 bytes in 1024-byte datagrams.
const UDP_SEQ = 20_000
const UDP_PORT = 7000
const TUNNEL_B = '192.168.77.2'
/** peer-b: the UDP echo server and the TCP sink; each checks what it received and says so. */
const RECEIVE = `udp-echo serve ${UDP_PORT} ${UDP_SEQ} & udp=$!
tcp-xfer sink ${TCP_PORT} ${MIB_SEQ} & tcp=$!
${readyWhenListening(TCP_PORT)}
wait $tcp || exit 1
wait $udp || exit 1`
/** peer-a: 1 MiB over TCP, then the UDP echo; each checks the hash the other end saw. */
const SEND = `tcp-xfer source ${TUNNEL_B} ${TCP_PORT} ${MIB_SEQ} 15 || exit 1
udp-echo send ${TUNNEL_B} ${UDP_PORT} ${UDP_SEQ} || exit 1`
const RELAY_PORT = 51000
const WG_PORT = 51820
const DONE_PORT = 6000
const CTL = 'relayctl -s /run/relayd.sock'

/** A fixed WireGuard key pair per name: runs are reproducible and need no wg on the host. */
export function wgKeys(name: string): { privateKey: string; publicKey: string } {
  const raw = createHash('sha256').update(`vmgate-wg-${name}`).digest()
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), raw]), format: 'der', type: 'pkcs8' })
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32)
  return { privateKey: raw.toString('base64'), publicKey: publicKey.toString('base64') }
}

export const ADDRESSES = {
  ipv4: { a: '10.0.1.2', relayA: '10.0.1.1', relayB: '10.0.2.1', b: '10.0.2.2', len: 24, listen: `0.0.0.0:${RELAY_PORT}` },
  ipv6: { a: 'fd00:1::2', relayA: 'fd00:1::1', relayB: 'fd00:2::1', b: 'fd00:2::2', len: 64, listen: `[::]:${RELAY_PORT}` },
}
export const endpoint = (family: Family, ip: string, port: number) => (family === 'ipv6' ? `[${ip}]:${port}` : `${ip}:${port}`)

export function wgUp(self: string, peer: string, relayEndpoint: string, tunnel: string): string {
  const keys = wgKeys(self)
  return `echo ${keys.privateKey} > /tmp/wg.key
/usr/sbin/ip link add wg0 type wireguard
/usr/bin/wg set wg0 private-key /tmp/wg.key listen-port ${WG_PORT} peer ${wgKeys(peer).publicKey} endpoint ${relayEndpoint} allowed-ips 192.168.77.0/24
/usr/sbin/ip addr add ${tunnel}/24 dev wg0 && /usr/sbin/ip link set wg0 up`
}

// The trace's first lines go to the node's output.log as they are written, and
// the counters every second: whatever ends the run (another node failing stops
// this one without warning), the results keep the handshake's path and recent counters.
const TRACE_FORWARDED = 200
const COUNTERS_EVERY_SECOND = `while sleep 1; do echo "relay: counters $(${CTL} show)"; done & counters=$!`

/**
 * Watches the trace as it is written: the k-th egress hash must equal the k-th
 * ingress hash. A mismatch fails the relay node at once, naming it, instead of
 * leaving the peers to time out on a tunnel that never comes up.
 */
const WATCH_TRACE = `trap 'echo "relay: trace hash mismatch: relayd changed a datagram it forwarded" >&2; kill $relayd $follower $listener $counters 2> /dev/null; wait; exit 1' USR1
mkfifo /tmp/trace; tail -f /tmp/relay.log > /tmp/trace & follower=$!
( awk 'BEGIN { n = 0; m = 0 } NR <= ${TRACE_FORWARDED} { print "relayd: " $0; fflush() } /event=fwd_ingress/ { match($0, /sha256=[0-9a-f]+/); q[n++] = substr($0, RSTART + 7, RLENGTH - 7) }
  /event=fwd_egress/ { match($0, /sha256=[0-9a-f]+/); h = substr($0, RSTART + 7, RLENGTH - 7); if (h != q[m]) { print "ingress " q[m] " egress " h > "/dev/stderr"; exit 1 } m++ }' < /tmp/trace || kill -USR1 $$ ) & watcher=$!`

/** relayd with both peers registered (and linked, unless not); waits for `done`, then checks counters and trace hashes. */
function relayCommand(family: Family, linked: boolean): string[] {
  const ip = ADDRESSES[family]
  const check = linked
    ? `fwd=$(grep -o '"fwd_packets":[0-9]*' /tmp/show.json | cut -d: -f2)
[ "$fwd" -gt 0 ] || { echo "relay: nothing was forwarded" >&2; exit 1; }
for drop in drop_unknown_src drop_not_wg_shaped drop_no_link drop_pubkey_mismatch drop_handshake_no_pubkey_match; do
  grep -q "\\"$drop\\":0" /tmp/show.json || { echo "relay: unexpected $drop" >&2; exit 1; }
done
kill -TERM $relayd; wait $relayd
grep event=fwd_ingress /tmp/relay.log | sed 's/.*sha256=\\([0-9a-f]*\\).*/\\1/' | sort > /tmp/in
grep event=fwd_egress /tmp/relay.log | sed 's/.*sha256=\\([0-9a-f]*\\).*/\\1/' | sort > /tmp/out
echo "relay: $fwd forwarded when checked, $(wc -l < /tmp/in) ingress and $(wc -l < /tmp/out) egress trace lines by shutdown"
# Keepalives may still cross between the check and the shutdown, so the trace can only have more.
[ "$(wc -l < /tmp/in)" -ge "$fwd" ] || { echo "relay: fewer trace lines than forwarded datagrams" >&2; exit 1; }
cmp -s /tmp/in /tmp/out || { diff /tmp/in /tmp/out | head; echo "relay: trace hash mismatch between ingress and egress" >&2; exit 1; }`
    : `until grep -q '"drop_no_link":[1-9]' /tmp/show.json; do usleep 100000; ${CTL} show > /tmp/show.json; done
echo "relay: peers not linked; counted $(grep -o '"drop_no_link":[0-9]*' /tmp/show.json)"
kill -TERM $relayd; wait $relayd`
  return ['sh', '-c', `relayd --listen ${ip.listen} --control /run/relayd.sock --trace-forward-hashes 2> /tmp/relay.log & relayd=$!
${WATCH_TRACE}
until ${CTL} show > /dev/null 2>&1; do usleep 10000; done
${COUNTERS_EVERY_SECOND}
${CTL} peer add peer-a ${wgKeys('peer-a').publicKey} ${endpoint(family, ip.a, WG_PORT)} > /dev/null
${CTL} peer add peer-b ${wgKeys('peer-b').publicKey} ${endpoint(family, ip.b, WG_PORT)} > /dev/null
${linked ? `${CTL} link add peer-a peer-b > /dev/null` : ''}
vmgate-ready
${linked ? `nc -l -p ${DONE_PORT} > /dev/null & listener=$!; wait $listener` : ''}
kill $counters
${CTL} show | tee /tmp/show.json
${check}
kill $follower; wait $watcher; true`]
}

/** `relayRoot`: the relay node's root; relayroot-broken carries a relayd that corrupts what it forwards. */
export function relayScenario(family: Family, linked: boolean, relayRoot = 'relayroot'): Scenario {
  const ip = ADDRESSES[family]
  const nic = (addr: string) => [`${addr}/${ip.len}`]
  const peerA = wgUp('peer-a', 'peer-b', endpoint(family, ip.relayA, RELAY_PORT), '192.168.77.1')
  const peerB = wgUp('peer-b', 'peer-a', endpoint(family, ip.relayB, RELAY_PORT), TUNNEL_B)
  const done = `nc ${endpoint(family, ip.relayB, DONE_PORT).replace(/^\[?([^\]]*)\]?:(\d+)$/, '$1 $2')} -e true`
  // The first ping through the tunnel waits for the handshake: its end is the handshake mark.
  const handshake = `for i in $(seq 30); do ping -c 1 -W 1 ${TUNNEL_B} > /dev/null && break; done; vmgate-mark handshake`
  const source = `${handshake}\n${SEND}\nvmgate-mark transfer`
  return {
    name: `relay-${linked ? 'smoke' : 'unlinked'}[family=${family}]`,
    description: linked
      ? `WireGuard peers tunnel through relayd over ${family} endpoints: 1 MiB TCP echo with SHA-256, counters and trace hashes checked`
      : `negative: peers registered but not linked over ${family}; the tunnel must not come up and relayd counts drop_no_link`,
    tags: ['relay', family, 'smoke', ...(linked ? [] : ['negative'])],
    topology: {
      kernel: 'microvm-wg',
      root: 'relayroot',
      nodes: {
        // peer-b only answers, so it boots beside the relay; peer-a's first packet
        // starts the handshake and must find both ready (a lost initiation costs 5 s).
        relay: { root: relayRoot, command: relayCommand(family, linked), nics: { eth0: nic(ip.relayA), eth1: nic(ip.relayB) }, readyByCommand: true, timeoutS: 90 },
        'peer-b': linked
          ? { command: ['sh', '-c', `${peerB}\n${RECEIVE}\n${done}`], nics: { eth0: nic(ip.b) }, readyByCommand: true, timeoutS: 90 }
          : { command: ['sh', '-c', `${peerB}\nvmgate-ready; sleep 120`], nics: { eth0: nic(ip.b) }, readyByCommand: true, service: true, timeoutS: 150 },
        'peer-a': linked
          ? { command: ['sh', '-c', `${peerA}\n${source}`], nics: { eth0: nic(ip.a) }, after: ['relay', 'peer-b'], timeoutS: 90 }
          : { command: ['sh', '-c', `${peerA}\n! ping -c 3 -W 1 ${TUNNEL_B} && echo "peer-a: the tunnel did not come up, as it must not"`], nics: { eth0: nic(ip.a) }, after: ['relay', 'peer-b'], timeoutS: 60 },
      },
      links: [
        { a: 'peer-a.eth0', b: 'relay.eth0', name: 'a-relay' },
        { a: 'relay.eth1', b: 'peer-b.eth0', name: 'relay-b' },
      ],
    },
  }
}

export const relayScenarios: Scenario[] = (['ipv4', 'ipv6'] as const).flatMap((family) => [relayScenario(family, true), relayScenario(family, false)])

const RESILIENCE = [
  { label: 'loss0.5-delay5', impairment: { lossPct: 0.5, delayMs: 5 } },
  { label: 'loss2-delay25', impairment: { lossPct: 2, delayMs: 25 } },
  { label: 'loss0-delay100', impairment: { delayMs: 100 } },
] as const satisfies readonly { label: string; impairment: ImpairmentInput }[]

/** The smoke exchange with both links emulated and impaired, each way; the TCP echo must still match. */
export const resilienceScenarios: Scenario[] = matrix('relay-resilience', { family: ['ipv4', 'ipv6'] as const, link: RESILIENCE }, ({ family, link }, name) => {
  const smoke = relayScenario(family, true)
  return {
    ...smoke, name,
    description: `the relay smoke over emulated links with ${link.label} on each (${family})`,
    tags: ['relay', 'resilience', family],
    topology: { ...smoke.topology, links: smoke.topology.links!.map((l) => ({ ...l, kind: 'emulated' as const, impairment: link.impairment })) },
  }
})
