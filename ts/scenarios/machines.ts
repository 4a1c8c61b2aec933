// Machines beyond microvm: q35 with its NIC models (e1000, e1000e, virtio-net-pci),
// the vIOMMU, and hugepages. init has already checked that each NIC is bound to the
// driver its model expects before a node is ready; the commands show it again, with
// the traffic each NIC carried, so a report says which driver moved which bytes.
import type { Scenario } from '../src/scenario/scenario.js'

// seq 1 100000: 588,895 bytes per NIC, made and SHA-256-checked in-stream by tcp-xfer.
const SEQ = 100_000
const PORT = 5000
const MODELS = ['e1000', 'e1000e', 'virtio'] as const
// The root that carries roots/tools (tcp-xfer).
const ROOT = 'relayroot'

/** Every eth NIC: its driver and bytes received; fails when one received less than `minRx`. */
function nicReport(minRx: number): string {
  return `for dev in /sys/class/net/eth*; do
  name=\${dev##*/}; driver=$(basename "$(readlink $dev/device/driver)"); rx=$(cat $dev/statistics/rx_bytes)
  echo "nic $name: driver $driver, received $rx bytes"
  [ "$rx" -ge ${minRx} ] || { echo "nic $name ($driver) received only $rx bytes, expected at least ${minRx}" >&2; exit 1; }
done`
}

/** The drivers bound to the eth NICs, sorted, must be exactly `want`. */
function driversAre(want: string[]): string {
  const expected = [...want].sort().join(' ')
  return `drivers=$(for d in /sys/class/net/eth*/device/driver; do basename "$(readlink $d)"; done | sort | tr '\\n' ' ' | sed 's/ $//')
[ "$drivers" = "${expected}" ] || { echo "drivers bound: '$drivers', expected '${expected}'" >&2; exit 1; }`
}

/** Each eth NIC's PCI device sits alone in its IOMMU group (virtio-net's PCI device is its parent). */
const OWN_IOMMU_GROUP = `for dev in /sys/class/net/eth*; do
  pci=$(readlink -f $dev/device); [ -e $pci/iommu_group ] || pci=\${pci%/*}
  [ -e $pci/iommu_group ] || { echo "\${dev##*/}: no IOMMU group; is the vIOMMU on (intel_iommu=on)?" >&2; exit 1; }
  group=$(basename "$(readlink $pci/iommu_group)"); members=$(ls /sys/kernel/iommu_groups/$group/devices | wc -l)
  echo "\${dev##*/}: $(basename $pci) in IOMMU group $group with $members device(s)"
  [ "$members" -eq 1 ] || { echo "\${dev##*/}: IOMMU group $group is shared" >&2; exit 1; }
done`

/** Waits until a TCP socket listens on `port` (the loop roots/scripts/ready-when-listening runs, without its vmgate-ready). */
const listening = (port: number) =>
  `until cat /proc/net/tcp /proc/net/tcp6 | grep -qE ':${port.toString(16).toUpperCase().padStart(4, '0')} 0+:0000 0A'; do usleep 10000; done`

const subnet = (i: number) => `10.0.${10 + i}`

const sinks = (ports: number[]) => `${ports.map((port) => `tcp-xfer sink ${port} ${SEQ} & pid${port}=$!`).join('\n')}
${ports.map(listening).join('\n')}
vmgate-ready
${ports.map((port) => `wait $pid${port} || exit 1`).join('\n')}`

const sources = (targets: [string, number][]) =>
  targets.map(([address, port]) => `tcp-xfer source ${address} ${port} ${SEQ} 15 || exit 1`).join('\n')

const nicModels: Scenario = {
  name: 'q35-nic-models',
  description:
    'q35: three NICs per node, e1000, e1000e and virtio-net-pci, each bound to its driver and each carrying 588 KB over TCP, SHA-256 checked on both ends',
  tags: ['machines', 'q35', 'pci', 'tcp'],
  topology: {
    root: ROOT,
    nodes: {
      server: {
        command: [
          'sh',
          '-c',
          `${driversAre(['e1000', 'e1000e', 'virtio_net'])}\n${sinks(MODELS.map((_, i) => PORT + i))}\n${nicReport(SEQ * 5)}`,
        ],
        nics: Object.fromEntries(MODELS.map((model, i) => [`eth${i}`, { model, addresses: [`${subnet(i)}.1/24`] }])),
        readyByCommand: true,
        timeoutS: 120,
      },
      client: {
        command: [
          'sh',
          '-c',
          `${driversAre(['e1000', 'e1000e', 'virtio_net'])}\n${sources(MODELS.map((_, i) => [`${subnet(i)}.1`, PORT + i]))}\n${nicReport(0)}`,
        ],
        nics: Object.fromEntries(MODELS.map((model, i) => [`eth${i}`, { model, addresses: [`${subnet(i)}.2/24`] }])),
        after: ['server'],
        timeoutS: 120,
      },
    },
    links: MODELS.map((_, i) => ({ a: `server.eth${i}`, b: `client.eth${i}` })),
  },
}

const viommu: Scenario = {
  name: 'q35-viommu',
  description:
    "q35 with intel-iommu: each node's NIC (e1000e on one, virtio-net-pci on the other) sits alone in its IOMMU group, and 588 KB still cross over TCP, SHA-256 checked",
  tags: ['machines', 'q35', 'iommu', 'tcp'],
  topology: {
    root: ROOT,
    nodes: {
      server: {
        iommu: true,
        command: ['sh', '-c', `${OWN_IOMMU_GROUP}\n${sinks([PORT])}`],
        nics: { eth0: { model: 'e1000e', addresses: ['10.0.0.1/24'] } },
        readyByCommand: true,
        timeoutS: 120,
      },
      client: {
        iommu: 'intel-iommu',
        command: ['sh', '-c', `${OWN_IOMMU_GROUP}\n${sources([['10.0.0.1', PORT]])}`],
        nics: { eth0: { model: 'virtio', addresses: ['10.0.0.2/24'] } },
        after: ['server'],
        timeoutS: 120,
      },
    },
    links: [{ a: 'server.eth0', b: 'client.eth0' }],
  },
}

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
        command: [
          'sh',
          '-c',
          `grep -E '^(HugePages_(Total|Free)|Hugepagesize):' /proc/meminfo; echo "cpus: $(nproc)"
[ "$(awk '/^HugePages_Total:/ { print $2 }' /proc/meminfo)" -eq ${GUEST_HUGEPAGES} ] || { echo "expected ${GUEST_HUGEPAGES} guest hugepages" >&2; exit 1; }
[ "$(nproc)" -eq 2 ] || { echo "expected 2 cpus" >&2; exit 1; }`,
        ],
      },
    },
  },
}

export const machineScenarios: Scenario[] = [nicModels, viommu, hugepages]
