// Turns a validated machine spec into qemu's argv. Pure: no I/O, unit-tested.
import type { Accel, ArchLowering } from '../arch/index.js'

export interface MachineSpec {
  arch: ArchLowering
  accel: Accel
  kernel: string
  initrd: string
  memoryMb: number
  cpus: number
  /** vmgate.* words and anything else for the guest kernel. */
  kernelParams: string[]
  /** Unix socket the host listens on; qemu connects to it as the vmgate.0 port. */
  channelSocket: string
  /** 'pipe': console on stdout for the host to drain; 'interactive': on the terminal. */
  console: 'pipe' | 'interactive'
  /** NICs in order: a MAC, the -netdev backend (without its id), and a file to capture its frames in. */
  nics?: { mac: string; netdev: string; pcap?: string }[]
  /** More devices, as qemu arguments: user code's 9p exports (usercode/lower.ts). */
  devices?: string[]
}

// Kernel words every guest gets, whatever the arch.
const COMMON_KERNEL_PARAMS = [
  'quiet', // the console carries kernel warnings and panics, not the boot log
  'rdinit=/init', // PID 1 is vmgate-init from the initramfs
]

export function qemuArgs(spec: MachineSpec): string[] {
  const { arch } = spec
  const append = [...arch.kernelParams, ...COMMON_KERNEL_PARAMS, ...spec.kernelParams].join(' ')
  return [
    '-nodefaults',
    '-no-user-config',
    '-display', 'none',
    '-accel', spec.accel,
    ...arch.machineArgs(spec.accel),
    '-m', String(spec.memoryMb),
    '-smp', String(spec.cpus),
    '-no-reboot',
    '-kernel', spec.kernel,
    '-initrd', spec.initrd,
    '-append', append,
    '-serial', spec.console === 'interactive' ? 'mon:stdio' : 'stdio',
    '-device', arch.devices.rng,
    '-device', arch.devices.serialBus,
    '-chardev', `socket,id=vmgate0,path=${spec.channelSocket}`,
    '-device', 'virtserialport,chardev=vmgate0,name=vmgate.0',
    ...(spec.nics ?? []).flatMap((nic, i) => [
      '-netdev', `${nic.netdev},id=nic${i}`, '-device', `${arch.devices.nic},netdev=nic${i},mac=${nic.mac}`,
      // qemu's own capture, both directions: direct links have no host process to write one.
      ...(nic.pcap ? ['-object', `filter-dump,id=dump${i},netdev=nic${i},file=${qemuOptionValue(nic.pcap)}`] : []),
    ]),
    ...(spec.devices ?? []),
  ]
}

/** qemu splits option strings at commas; a comma inside a value is written twice. */
export function qemuOptionValue(value: string): string {
  return value.replaceAll(',', ',,')
}
