// Machines beyond microvm and virt: q35 and virt-pci with their NIC models
// (e1000, e1000e, virtio-net-pci), each one's vIOMMU, and hugepages. init has already checked that each NIC is bound to the
// driver its model expects before a node is ready; the commands show it again, with
// the traffic each NIC carried, so a report says which driver moved which bytes.
import type { Scenario } from '../../../ts/src/scenario/scenario.js'

// seq 1 100000: 588,895 bytes per NIC, made and SHA-256-checked in-stream by tcp-xfer.
const SEQ = 100_000
const PORT = 5000
const MODELS = ['e1000', 'e1000e', 'virtio'] as const
// The root that carries roots/tools (tcp-xfer) and roots/scripts (machine-node).
const ROOT = 'relayroot'
// What a sink NIC must have received at least: most of its payload.
const SINK_MIN_RX = SEQ * 5

// The guest side is roots/scripts/machine-node; this file gives it only data, as arguments.
interface Checks {
  /** The drivers the eth NICs must be bound to, in any order. */
  drivers?: string[]
  ownIommuGroup?: boolean
  /** Bytes each eth NIC must have received once the role is done. */
  minRx?: number
}

function machineNode(checks: Checks, role: string, ...args: (string | number)[]): string[] {
  return [
    'machine-node',
    ...(checks.drivers ? ['--drivers', checks.drivers.join(',')] : []),
    ...(checks.ownIommuGroup ? ['--own-iommu-group'] : []),
    ...(checks.minRx === undefined ? [] : ['--min-rx', String(checks.minRx)]),
    role,
    ...args.map(String),
  ]
}

const sink = (checks: Checks, ports: number[]) => machineNode(checks, 'sink', SEQ, ...ports)
const source = (checks: Checks, targets: string[]) => machineNode(checks, 'source', SEQ, 15, ...targets)

const subnet = (i: number) => `10.0.${10 + i}`
const DRIVERS = ['e1000', 'e1000e', 'virtio_net']

/** The PCI machine of each arch, and its vIOMMU: what a node asking for PCI NIC models or iommu gets. */
const PCI_MACHINES = [
  { arch: 'x86_64', machine: 'q35', iommu: 'intel-iommu' },
  { arch: 'aarch64', machine: 'virt-pci', iommu: 'smmuv3' },
] as const
type PciMachine = (typeof PCI_MACHINES)[number]

const nicModels = ({ arch, machine }: PciMachine): Scenario => ({
  name: `${machine}-nic-models`,
  description: `${machine}: three NICs per node, e1000, e1000e and virtio-net-pci, each bound to its driver and each carrying 588 KB over TCP, SHA-256 checked on both ends`,
  tags: ['machines', machine, arch, 'pci', 'tcp'],
  topology: {
    root: ROOT,
    arch,
    nodes: {
      server: {
        command: sink(
          { drivers: DRIVERS, minRx: SINK_MIN_RX },
          MODELS.map((_, i) => PORT + i),
        ),
        nics: Object.fromEntries(MODELS.map((model, i) => [`eth${i}`, { model, addresses: [`${subnet(i)}.1/24`] }])),
        readyByCommand: true,
        timeoutS: 120,
      },
      client: {
        command: source(
          { drivers: DRIVERS, minRx: 0 },
          MODELS.map((_, i) => `${subnet(i)}.1:${PORT + i}`),
        ),
        nics: Object.fromEntries(MODELS.map((model, i) => [`eth${i}`, { model, addresses: [`${subnet(i)}.2/24`] }])),
        after: ['server'],
        timeoutS: 120,
      },
    },
    links: MODELS.map((_, i) => ({ a: `server.eth${i}`, b: `client.eth${i}` })),
  },
})

// One node asks for the machine's own vIOMMU, the other for it by name.
const viommu = ({ arch, machine, iommu }: PciMachine): Scenario => ({
  name: `${machine}-viommu`,
  description: `${machine} with ${iommu}: each node's NIC (e1000e on one, virtio-net-pci on the other) sits alone in its IOMMU group, and 588 KB still cross over TCP, SHA-256 checked`,
  tags: ['machines', machine, arch, 'iommu', 'tcp'],
  topology: {
    root: ROOT,
    arch,
    nodes: {
      server: {
        iommu: true,
        command: sink({ ownIommuGroup: true }, [PORT]),
        nics: { eth0: { model: 'e1000e', addresses: ['10.0.0.1/24'] } },
        readyByCommand: true,
        timeoutS: 120,
      },
      client: {
        iommu,
        command: source({ ownIommuGroup: true }, [`10.0.0.1:${PORT}`]),
        nics: { eth0: { model: 'virtio', addresses: ['10.0.0.2/24'] } },
        after: ['server'],
        timeoutS: 120,
      },
    },
    links: [{ a: 'server.eth0', b: 'client.eth0' }],
  },
})

// 128 MiB of guest RAM from the host's 2 MiB pages (64 of them), 16 pages reserved inside.
const GUEST_HUGEPAGES = 16
const hugepages: Scenario = {
  name: 'hugepages',
  description: `a node whose RAM is host hugepages (memfd, hugetlb) reserves ${GUEST_HUGEPAGES} hugepages of its own and sees them in /proc/meminfo; needs 64 free 2 MiB pages on the host`,
  tags: ['machines', 'hugepages'],
  topology: {
    root: ROOT,
    nodes: {
      node: {
        machine: 'q35',
        memory: '128M',
        cpus: 2,
        hostHugepages: true,
        guestHugepages: GUEST_HUGEPAGES,
        timeoutS: 60,
        command: machineNode({}, 'hugepages', GUEST_HUGEPAGES, 2),
      },
    },
  },
}

export const machineScenarios: Scenario[] = [...PCI_MACHINES.flatMap((m) => [nicModels(m), viommu(m)]), hugepages]
