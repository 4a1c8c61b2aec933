// qemu's argv for booting a disk image under UEFI: the arch's machine (PCI),
// the firmware code read-only and a private copy of its variables, the image
// behind a throwaway overlay (snapshot=on: writes go to a temp file qemu
// deletes, the image's own bytes never change), attached disks, the serial
// consoles and the shell port as sockets vmgate listens on, an optional NIC
// on a stream socket (passt) and the SMBIOS strings. Pure: data in, argv out.
import type { Accel } from '../arch/types.js'
import { pickMachine } from '../arch/machine.js'
import type { ImageArch } from './arch.js'
import { smbiosArgs, type SmbiosConfig } from './smbios.js'

/** The virtio-serial port the driver's shell runs on (/dev/virtio-ports/NAME in the guest). */
export const SHELL_PORT = 'vmgate.shell'

export interface ImageBootSpec {
  image: ImageArch
  accel: Accel
  cpus: number
  memoryMib: number
  firmware: { code: string; vars: string }
  disk: string
  /** Extra raw disks, attached after the image as virtio-blk (vdb, vdc …), writable through an overlay too. */
  attached: string[]
  /** Unix socket per serial console (by guest name, as ImageArch.serials), one for the shell port and one for QMP. */
  sockets: { serials: Record<string, string>; shell: string; qmp: string }
  /** passt's socket: the guest's NIC, connected over -netdev stream. */
  nic?: { socket: string; mac: string }
  smbios: SmbiosConfig
}

export function imageBootArgs(spec: ImageBootSpec): string[] {
  const machine = pickMachine(spec.image.arch, { machine: spec.image.machine }, `image on ${spec.image.arch.name}`)
  return [
    ...['-M', [machine.name, ...machine.options, `accel=${spec.accel}`].join(',')],
    ...spec.image.arch.cpuArgs(spec.accel),
    ...['-smp', String(spec.cpus), '-m', `${spec.memoryMib}M`],
    ...['-nodefaults', '-no-user-config', '-display', 'none'],
    ...['-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${spec.firmware.code}`],
    ...['-drive', `if=pflash,format=raw,unit=1,file=${spec.firmware.vars}`],
    ...[spec.disk, ...spec.attached].flatMap((file, i) => [
      '-drive',
      `if=none,id=disk${i},format=raw,snapshot=on,file=${file}`,
      '-device',
      `virtio-blk-pci,drive=disk${i}`,
    ]),
    ...consoleArgs(spec),
    ...(spec.nic
      ? [
          '-netdev',
          `stream,id=net0,server=off,addr.type=unix,addr.path=${spec.nic.socket}`,
          '-device',
          `virtio-net-pci,netdev=net0,mac=${spec.nic.mac}`,
        ]
      : []),
    ...['-device', 'virtio-rng-pci'],
    ...smbiosArgs(spec.smbios),
  ]
}

/** Every console is a chardev that connects to vmgate's listening socket, so no output is lost before it attaches. */
function consoleArgs(spec: ImageBootSpec): string[] {
  const chardev = (id: string, path: string) => ['-chardev', `socket,id=${id},path=${path},server=off`]
  return [
    ...spec.image.serials.flatMap((name) => [
      ...chardev(name, spec.sockets.serials[name]),
      '-serial',
      `chardev:${name}`,
    ]),
    ...chardev('shell', spec.sockets.shell),
    ...['-device', 'virtio-serial-pci', '-device', `virtserialport,chardev=shell,name=${SHELL_PORT}`],
    ...chardev('qmp', spec.sockets.qmp),
    ...['-mon', 'chardev=qmp,mode=control'],
  ]
}
