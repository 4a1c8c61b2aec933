// Turns a validated machine spec into qemu's argv. Pure: no I/O, unit-tested.
// Everything arch- or machine-specific comes from the lowering objects.
import { nicLowering, type Accel, type ArchLowering, type MachineLowering, type NicModel } from '../arch/index.js'

export interface MachineSpec {
  arch: ArchLowering
  /** One of arch.machines, chosen by pickMachine: it carries every NIC model and the vIOMMU asked for. */
  machine: MachineLowering
  accel: Accel
  kernel: string
  initrd: string
  memoryMb: number
  cpus: number
  /** More words for the guest kernel; nothing per-run (that travels on the channel: guest/params.ts). */
  kernelParams: string[]
  /** Unix socket the host listens on; qemu connects to it as the vmgate.0 port. */
  channelSocket: string
  /** 'pipe': console on stdout for the host to drain; 'interactive': on the terminal. */
  console: 'pipe' | 'interactive'
  /** NICs in order: a MAC, the model (virtio when absent), the -netdev backend (without its id), and a file to capture its frames in. */
  nics?: { mac: string; model?: NicModel; netdev: string; pcap?: string }[]
  /** Turn on the machine's vIOMMU. */
  iommu?: boolean
  /** Back guest RAM with host hugepages (memoryMb must be a multiple of the arch's hugepage size). */
  hostHugepages?: boolean
  /** Hugepages the guest kernel reserves at boot (hugepages=N). */
  guestHugepages?: number
  /** More devices, as qemu arguments: user code's 9p exports (usercode/lower.ts). */
  devices?: string[]
  /** A QMP socket qemu listens on, to save the guest (vm/snapshot.ts). */
  qmpSocket?: string
  /** A migration URI to restore the guest from instead of booting it. */
  incoming?: string
}

// Kernel words every guest gets, whatever the arch.
const COMMON_KERNEL_PARAMS = [
  'quiet', // the console carries kernel warnings and panics, not the boot log
  'rdinit=/init', // PID 1 is vmgate-init from the initramfs
]

export function qemuArgs(spec: MachineSpec): string[] {
  const { arch, machine } = spec
  return [
    '-nodefaults',
    '-no-user-config',
    '-display',
    'none',
    '-accel',
    spec.accel,
    ...machineArgs(spec),
    ...arch.cpuArgs(spec.accel),
    '-m',
    String(spec.memoryMb),
    '-smp',
    String(spec.cpus),
    '-no-reboot',
    '-kernel',
    spec.kernel,
    '-initrd',
    spec.initrd,
    '-append',
    kernelCommandLine(spec),
    '-serial',
    spec.console === 'interactive' ? 'mon:stdio' : 'stdio',
    ...iommu(spec).devices.flatMap((device) => ['-device', device]),
    '-device',
    machine.devices.rng,
    '-device',
    machine.devices.serialBus,
    '-chardev',
    `socket,id=vmgate0,path=${spec.channelSocket}`,
    '-device',
    'virtserialport,chardev=vmgate0,name=vmgate.0',
    ...(spec.nics ?? []).flatMap((nic, i) => [
      '-netdev',
      `${nic.netdev},id=nic${i}`,
      '-device',
      `${nicLowering(machine, nic.model ?? 'virtio').device},netdev=nic${i},mac=${nic.mac}`,
      // qemu's own capture, both directions: direct links have no host process to write one.
      ...(nic.pcap ? ['-object', `filter-dump,id=dump${i},netdev=nic${i},file=${qemuOptionValue(nic.pcap)}`] : []),
    ]),
    ...(spec.devices ?? []),
    ...(spec.qmpSocket ? ['-qmp', `unix:${qemuOptionValue(spec.qmpSocket)},server=on,wait=off`] : []),
    ...(spec.incoming ? ['-incoming', spec.incoming] : []),
  ]
}

/** -M with the machine's options and the vIOMMU's; with host hugepages, the RAM backend too. */
function machineArgs(spec: MachineSpec): string[] {
  const { machine, arch } = spec
  const backend = spec.hostHugepages
    ? {
        object: [
          '-object',
          `memory-backend-memfd,id=ram,size=${spec.memoryMb}M,hugetlb=on,hugetlbsize=${arch.hugepageKb}K`,
        ],
        option: ['memory-backend=ram'],
      }
    : { object: [], option: [] }
  return [
    '-M',
    [machine.type ?? machine.name, ...machine.options, ...iommu(spec).machineOptions, ...backend.option].join(','),
    ...backend.object,
  ]
}

function kernelCommandLine(spec: MachineSpec): string {
  const hugepages = spec.guestHugepages ? [`hugepages=${spec.guestHugepages}`] : []
  return [
    ...spec.arch.kernelParams,
    ...spec.machine.kernelParams,
    ...iommu(spec).kernelParams,
    ...hugepages,
    ...COMMON_KERNEL_PARAMS,
    ...spec.kernelParams,
  ].join(' ')
}

const NO_IOMMU = { machineOptions: [], devices: [], kernelParams: [] }

function iommu(spec: MachineSpec): { machineOptions: string[]; devices: string[]; kernelParams: string[] } {
  if (!spec.iommu) return NO_IOMMU
  // pickMachine refuses a vIOMMU on a machine without one; this is a programming error.
  if (!spec.machine.iommu) throw new Error(`${spec.arch.name} ${spec.machine.name} has no vIOMMU lowering`)
  return spec.machine.iommu
}

/** qemu splits option strings at commas; a comma inside a value is written twice. */
export function qemuOptionValue(value: string): string {
  return value.replaceAll(',', ',,')
}
