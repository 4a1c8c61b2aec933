// relayd's XDP fast path in guests: the relay smoke with the relay on its
// arch's PCI machine (q35, virt-pci), its two NICs one PCI model, and relayd
// asked for an XDP mode. virtio-net-pci has native (drv) XDP, e1000 does not:
// drv must then refuse to start, auto must settle for skb and say so, off must
// attach nothing. The peers stay on the smoke's machine (microvm, virt); only
// the relay needs PCI NICs and a kernel with BPF.
import type { NicModel } from '../../../ts/src/arch/index.js'
import type { Scenario } from '../../../ts/src/scenario/scenario.js'
import { ADDRESSES, relayNode, relayPeer, relayScenario, type Family, type RelayOptions } from './relay.js'

type Arch = NonNullable<RelayOptions['arch']>

type XdpMode = 'drv' | 'skb' | 'auto' | 'off'

export interface XdpCase {
  nic: NicModel
  mode: XdpMode
  /** What the relay must end with: forwarding (most of it in XDP unless off), or relayd refusing to start. */
  expect: 'forward' | 'refused'
  /** The mode each NIC must report attached (auto's pick). */
  attached?: 'drv' | 'skb'
}

export const XDP_CASES: readonly XdpCase[] = [
  { nic: 'virtio', mode: 'drv', expect: 'forward' },
  { nic: 'e1000', mode: 'drv', expect: 'refused' },
  { nic: 'e1000', mode: 'auto', expect: 'forward', attached: 'skb' },
  { nic: 'virtio', mode: 'off', expect: 'forward' },
]

const RELAY_NICS = ['eth0', 'eth1']
/** The driver e1000-model NICs bind to: what relayd's refusal must name. */
const DRIVER: Record<NicModel, string> = { virtio: 'virtio_net', e1000: 'e1000', e1000e: 'e1000e' }

/** relay-node's XDP flags for one case. */
export function xdpArgs(c: XdpCase): string[] {
  return [
    '--xdp-mode',
    c.mode,
    ...RELAY_NICS.flatMap((nic) => ['--xdp-interface', nic]),
    ...(c.attached ? ['--xdp-expect', c.attached] : []),
    ...(c.expect === 'refused' ? ['--xdp-driver', DRIVER[c.nic]] : []),
  ]
}

/** Where the relay boots per arch: the PCI machine and a kernel with BPF (virt-pci's own kernel, virt-aarch64, has it). */
const RELAY_MACHINE: Record<Arch, { machine: string; kernel?: string }> = {
  x86_64: { machine: 'q35', kernel: 'q35' },
  aarch64: { machine: 'virt-pci' },
}

export interface XdpOptions {
  family?: Family
  arch?: Arch
}

function describe(c: XdpCase, family: Family, arch: Arch): string {
  const nics = `the relay's NICs ${c.nic} on ${RELAY_MACHINE[arch].machine} (${family})`
  if (c.expect === 'refused')
    return `negative: relayd with --xdp-mode ${c.mode} on ${nics} exits non-zero with xdp_attach_failed driver=${DRIVER[c.nic]}, no fallback`
  if (c.mode === 'off')
    return `the relay smoke with --xdp-mode off on ${nics}: nothing attached, userspace forwards, trace hashes checked`
  return `the relay smoke with --xdp-mode ${c.mode} on ${nics}: attached ${c.attached ?? c.mode}, SHA-256 checked, xdp_fwd_packets carries the bulk`
}

/** The smoke topology with the relay moved to its arch's PCI machine and its NICs set to the case's model. */
export function xdpScenario(c: XdpCase, options: XdpOptions = {}): Scenario {
  const { family = 'ipv4', arch = 'x86_64' } = options
  const smoke = relayScenario(family, true, { arch })
  const { relay, ...peers } = smoke.topology.nodes
  const ip = ADDRESSES[family]
  const nic = (addr: string) => ({ model: c.nic, addresses: [`${addr}/${ip.len}`] })
  const nics = { eth0: nic(ip.relayA), eth1: nic(ip.relayB) }
  const mode = c.expect === 'refused' ? 'xdp-refused' : 'linked'
  const relayNodeSpec = {
    ...relay,
    ...RELAY_MACHINE[arch],
    nics,
    command: [...relayNode(family, mode), ...xdpArgs(c)],
    readyByCommand: c.expect !== 'refused',
    timeoutS: 120,
  }
  const labels = `${family === 'ipv4' ? '' : `,family=${family}`}${arch === 'x86_64' ? '' : `,arch=${arch}`}`
  return {
    name: `relay-xdp[nic=${c.nic},mode=${c.mode}${labels}]`,
    description: describe(c, family, arch),
    tags: ['relay', 'xdp', RELAY_MACHINE[arch].machine, family, arch, ...(c.expect === 'refused' ? ['negative'] : [])],
    topology: {
      ...smoke.topology,
      nodes: { relay: relayNodeSpec, ...(c.expect === 'refused' ? idlePeers(family) : peers) },
    },
  }
}

/** With relayd refused, the peers only idle until the relay's check is done. */
function idlePeers(family: Family): Scenario['topology']['nodes'] {
  const ip = ADDRESSES[family]
  const idle = (self: 'peer-a' | 'peer-b', addr: string) => ({
    command: [...relayPeer(family, self), 'idle'],
    nics: { eth0: [`${addr}/${ip.len}`] },
    readyByCommand: true,
    service: true,
    timeoutS: 150,
  })
  return { 'peer-a': idle('peer-a', ip.a), 'peer-b': idle('peer-b', ip.b) }
}

export const xdpScenarios: Scenario[] = (['x86_64', 'aarch64'] as const).flatMap((arch) => [
  ...XDP_CASES.map((c) => xdpScenario(c, { arch })),
  xdpScenario({ nic: 'virtio', mode: 'drv', expect: 'forward' }, { family: 'ipv6', arch }),
])
