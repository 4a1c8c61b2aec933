// The relay in guests: peer-a and peer-b run kernel WireGuard with each other
// as peers and relayd (on `relay`) as their endpoint. Each peer reaches the
// relay over its own link.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto'
import type { ImpairmentInput } from '../../../ts/src/net/impairment.js'
import { matrix, type Scenario } from '../../../ts/src/scenario/scenario.js'

export type Family = 'ipv4' | 'ipv6'

// The guest side is programs in the relay's root (pkgs/relay/guest: relay-node,
// wg-peer; roots/scripts): this file gives them only data, as arguments.

// The payloads are what `seq 1 N` prints, made and hashed in-stream on both ends by
// tcp-xfer and udp-echo (roots/tools), so a guest spends no time in seq or sha256sum.
// seq 1 170000: 1,078,895 bytes, just over 1 MiB (1,048,576).
const MIB_SEQ = 170_000
const TCP_PORT = 5000
// The UDP echo: seq 1 20000, 108,894 bytes in 1024-byte datagrams.
const UDP_SEQ = 20_000
const UDP_PORT = 7000
export const TUNNEL = { 'peer-a': '192.168.77.1', 'peer-b': '192.168.77.2', len: 24, net: '192.168.77.0/24' }
const RELAY_PORT = 51000
export const WG_PORT = 51820
const DONE_PORT = 6000

const keysByName = new Map<string, { privateKey: string; publicKey: string }>()

/**
 * A fixed WireGuard key pair per name: runs are reproducible and need no wg on the host.
 * Made once per name: the catalog asks for each peer's keys in every scenario it builds, and
 * an X25519 key costs Node ~1 ms (135 ms of every `vmgate scenario` command's start before).
 */
export function wgKeys(name: string): { privateKey: string; publicKey: string } {
  let keys = keysByName.get(name)
  if (!keys) keysByName.set(name, (keys = makeWgKeys(name)))
  return keys
}

function makeWgKeys(name: string): { privateKey: string; publicKey: string } {
  const raw = createHash('sha256').update(`vmgate-wg-${name}`).digest()
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), raw]),
    format: 'der',
    type: 'pkcs8',
  })
  const publicKey = createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32)
  return { privateKey: raw.toString('base64'), publicKey: publicKey.toString('base64') }
}

export const ADDRESSES = {
  ipv4: {
    a: '10.0.1.2',
    relayA: '10.0.1.1',
    relayB: '10.0.2.1',
    b: '10.0.2.2',
    len: 24,
    listen: `0.0.0.0:${RELAY_PORT}`,
  },
  ipv6: {
    a: 'fd00:1::2',
    relayA: 'fd00:1::1',
    relayB: 'fd00:2::1',
    b: 'fd00:2::2',
    len: 64,
    listen: `[::]:${RELAY_PORT}`,
  },
}
export const endpoint = (family: Family, ip: string, port: number) =>
  family === 'ipv6' ? `[${ip}]:${port}` : `${ip}:${port}`

type PeerName = 'peer-a' | 'peer-b'
const other = (self: PeerName): PeerName => (self === 'peer-a' ? 'peer-b' : 'peer-a')

/** `wg-peer` with wg0 set up for `self`, its one peer behind `peerEndpoint`; the role and its arguments follow. */
export function wgPeer(self: PeerName, peerEndpoint: string): string[] {
  const keys = wgKeys(self)
  return [
    'wg-peer',
    '--key',
    keys.privateKey,
    '--peer-key',
    wgKeys(other(self)).publicKey,
    '--endpoint',
    peerEndpoint,
    '--tunnel',
    `${TUNNEL[self]}/${TUNNEL.len}`,
    '--allowed-ips',
    TUNNEL.net,
    '--listen-port',
    String(WG_PORT),
  ]
}

/** A peer whose endpoint is the relay, on its own link. */
export function relayPeer(family: Family, self: PeerName): string[] {
  const ip = ADDRESSES[family]
  return wgPeer(self, endpoint(family, self === 'peer-a' ? ip.relayA : ip.relayB, RELAY_PORT))
}

/** `relay-node` in a mode (linked, unlinked, serve, xdp-refused) with both peers registered at their endpoints. */
export function relayNode(family: Family, mode: 'linked' | 'unlinked' | 'serve' | 'xdp-refused'): string[] {
  const ip = ADDRESSES[family]
  const peer = (name: PeerName, at: string) => ['--peer', name, wgKeys(name).publicKey, endpoint(family, at, WG_PORT)]
  return [
    'relay-node',
    mode,
    '--listen',
    ip.listen,
    ...peer('peer-a', ip.a),
    ...peer('peer-b', ip.b),
    ...(mode === 'linked' ? ['--done-port', String(DONE_PORT)] : []),
  ]
}

/** peer-b: the UDP echo server and the TCP sink; each checks what it received, then it tells the relay it is done. */
const receive = (family: Family) => [
  ...relayPeer(family, 'peer-b'),
  'receive',
  String(UDP_PORT),
  String(UDP_SEQ),
  String(TCP_PORT),
  String(MIB_SEQ),
  ADDRESSES[family].relayB,
  String(DONE_PORT),
]
/** peer-a: the handshake, 1 MiB over TCP, then the UDP echo; each checks the hash the other end saw. */
const send = (family: Family) => [
  ...relayPeer(family, 'peer-a'),
  'send',
  TUNNEL['peer-b'],
  String(TCP_PORT),
  String(MIB_SEQ),
  String(UDP_PORT),
  String(UDP_SEQ),
]

export interface RelayOptions {
  /** The relay node's root; relayroot-broken carries a relayd that corrupts what it forwards. */
  relayRoot?: string
  /** The guests' arch: x86_64 boots microvm-wg; another boots its default machine's kernel. */
  arch?: 'x86_64' | 'aarch64'
}

/** Where a scenario's guests boot: microvm-wg on x86_64, else the arch's own (virt-aarch64 carries WireGuard). */
const relayKernel = (arch: RelayOptions['arch'] = 'x86_64') => (arch === 'x86_64' ? { kernel: 'microvm-wg' } : { arch })

export function relayScenario(family: Family, linked: boolean, options: RelayOptions = {}): Scenario {
  const { relayRoot = 'relayroot', arch = 'x86_64' } = options
  const ip = ADDRESSES[family]
  const nic = (addr: string) => [`${addr}/${ip.len}`]
  const archLabel = arch === 'x86_64' ? '' : `,arch=${arch}`
  return {
    name: `relay-${linked ? 'smoke' : 'unlinked'}[family=${family}${archLabel}]`,
    description: linked
      ? `WireGuard peers tunnel through relayd over ${family} endpoints: 1 MiB TCP echo with SHA-256, counters and trace hashes checked`
      : `negative: peers registered but not linked over ${family}; the tunnel must not come up and relayd counts drop_no_link`,
    tags: ['relay', family, 'smoke', arch, ...(linked ? [] : ['negative'])],
    topology: {
      ...relayKernel(arch),
      root: 'relayroot',
      nodes: {
        // peer-b only answers, so it boots beside the relay; peer-a's first packet
        // starts the handshake and must find both ready (a lost initiation costs 5 s).
        relay: {
          root: relayRoot,
          command: relayNode(family, linked ? 'linked' : 'unlinked'),
          nics: { eth0: nic(ip.relayA), eth1: nic(ip.relayB) },
          readyByCommand: true,
          timeoutS: 90,
        },
        'peer-b': linked
          ? { command: receive(family), nics: { eth0: nic(ip.b) }, readyByCommand: true, timeoutS: 90 }
          : {
              command: [...relayPeer(family, 'peer-b'), 'idle'],
              nics: { eth0: nic(ip.b) },
              readyByCommand: true,
              service: true,
              timeoutS: 150,
            },
        'peer-a': linked
          ? { command: send(family), nics: { eth0: nic(ip.a) }, after: ['relay', 'peer-b'], timeoutS: 90 }
          : {
              command: [...relayPeer(family, 'peer-a'), 'no-tunnel', TUNNEL['peer-b']],
              nics: { eth0: nic(ip.a) },
              after: ['relay', 'peer-b'],
              timeoutS: 60,
            },
      },
      links: [
        { a: 'peer-a.eth0', b: 'relay.eth0', name: 'a-relay' },
        { a: 'relay.eth1', b: 'peer-b.eth0', name: 'relay-b' },
      ],
    },
  }
}

export const relayScenarios: Scenario[] = (['x86_64', 'aarch64'] as const).flatMap((arch) =>
  (['ipv4', 'ipv6'] as const).flatMap((family) => [
    relayScenario(family, true, { arch }),
    relayScenario(family, false, { arch }),
  ]),
)

const RESILIENCE = [
  { label: 'loss0.5-delay5', impairment: { lossPct: 0.5, delayMs: 5 } },
  { label: 'loss2-delay25', impairment: { lossPct: 2, delayMs: 25 } },
  { label: 'loss0-delay100', impairment: { delayMs: 100 } },
] as const satisfies readonly { label: string; impairment: ImpairmentInput }[]

/** The smoke exchange with both links emulated and impaired, each way; the TCP echo must still match. */
export const resilienceScenarios: Scenario[] = matrix(
  'relay-resilience',
  { family: ['ipv4', 'ipv6'] as const, link: RESILIENCE },
  ({ family, link }, name) => {
    const smoke = relayScenario(family, true)
    return {
      ...smoke,
      name,
      description: `the relay smoke over emulated links with ${link.label} on each (${family})`,
      tags: ['relay', 'resilience', family],
      topology: {
        ...smoke.topology,
        links: smoke.topology.links!.map((l) => ({ ...l, kind: 'emulated' as const, impairment: link.impairment })),
      },
    }
  },
)
