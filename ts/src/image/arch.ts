// What differs per arch for a Debian image booted under UEFI: the Debian arch
// and kernel package, the EFI file names, the GPT root type, the firmware, and
// the serial consoles. One object per arch; nothing else branches on the arch.
import { archNames, lowering } from '../arch/index.js'
import { UsageError } from '../errors.js'
import type { ArchLowering } from '../arch/types.js'

export interface ImageArch {
  arch: ArchLowering
  debianArch: string
  kernelPackage: string
  /** The removable-media boot path firmware with no boot entries loads (EFI/BOOT/…). */
  removableBootFile: string
  /** systemd-boot's binary under /usr/lib/systemd/boot/efi in the root. */
  systemdBoot: string
  /** GPT type of the root partition (the Discoverable Partitions Specification's, per arch). */
  rootPartitionType: string
  /** Toolchain names of the firmware code and of the variable store template. */
  firmware: { code: string; vars: string }
  /** The machine (arch/<arch>.ts) the image boots on; PCI, for virtio-blk, NICs and virtio-serial. */
  machine: string
  /** Serial consoles in qemu's order (-serial), by their guest name; the last carries the kernel's. */
  serials: string[]
}

const IMAGE_ARCHES: Record<string, Omit<ImageArch, 'arch'>> = {
  x86_64: {
    debianArch: 'amd64',
    kernelPackage: 'linux-image-amd64',
    removableBootFile: 'BOOTX64.EFI',
    systemdBoot: 'systemd-bootx64.efi',
    rootPartitionType: '4f68bce3-e8cd-4db1-96e7-fbcaf984b709',
    firmware: { code: 'ovmf-code', vars: 'ovmf-vars' },
    machine: 'q35',
    // ttyS0 carries the firmware's and boot loader's output; a test puts the kernel's on ttyS1.
    serials: ['ttyS0', 'ttyS1'],
  },
  aarch64: {
    debianArch: 'arm64',
    kernelPackage: 'linux-image-arm64',
    removableBootFile: 'BOOTAA64.EFI',
    systemdBoot: 'systemd-bootaa64.efi',
    rootPartitionType: 'b921b045-1df0-41c3-af44-4c6f280d3fae',
    firmware: { code: 'aavmf-code', vars: 'aavmf-vars' },
    machine: 'virt',
    // virt has one PL011.
    serials: ['ttyAMA0'],
  },
}

export function imageArch(name: string): ImageArch {
  const image = IMAGE_ARCHES[name]
  if (!image || !archNames().includes(name))
    throw new UsageError(`no UEFI image support for arch '${name}'; supported: ${Object.keys(IMAGE_ARCHES).join(', ')}`)
  return { arch: lowering(name), ...image }
}
