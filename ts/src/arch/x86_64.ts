import type { ArchLowering } from './types.js'

// microvm: no PCI, no ACPI, no firmware tables to walk, which is what makes a
// guest boot in about a second under TCG. Devices are virtio-mmio; with
// acpi=off qemu passes them on the command line, hence
// CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES in the fragment.
export const x86_64: ArchLowering = {
  name: 'x86_64',
  kernelArch: 'x86_64',
  kernelImage: 'arch/x86/boot/bzImage',
  tools: { qemu: 'qemu-x86_64', cc: 'cc-x86_64', busybox: 'busybox-x86_64' },
  kernelParams: [
    'console=ttyS0', // the isa-serial port microvm provides
    'reboot=t', // reboot by triple fault: with -no-reboot this ends qemu
    'panic=-1', // reboot at once on panic, so a panicked guest ends qemu too
  ],
  machineArgs: (accel) => [
    '-M', 'microvm,acpi=off',
    '-cpu', accel === 'kvm' ? 'host' : 'max',
  ],
  devices: { serialBus: 'virtio-serial-device', rng: 'virtio-rng-device', nic: 'virtio-net-device', fs9p: 'virtio-9p-device' },
}
