import type { ArchLowering } from './types.js'

// virt: the smallest aarch64 machine qemu has, described to the kernel by a
// device tree. Its virtio-mmio transports are in that tree, so the same
// virtio-*-device names as microvm work and no PCI bus is enumerated at boot
// (the cheaper choice under TCG; PCI devices are the PCI machines' business).
export const aarch64: ArchLowering = {
  name: 'aarch64',
  kernelArch: 'arm64',
  kernelImage: 'arch/arm64/boot/Image',
  tools: { qemu: 'qemu-aarch64', cc: 'cc-aarch64', busybox: 'busybox-aarch64', libc: 'libc-static-aarch64', libcrypto: 'libcrypto-static-aarch64' },
  defaultKernel: 'virt-aarch64',
  kernelParams: [
    'console=ttyAMA0', // the PL011 UART virt provides
    // Reboot and poweroff are PSCI calls: with -no-reboot both end qemu.
    'panic=-1', // reboot at once on panic, so a panicked guest ends qemu too
  ],
  machineArgs: (accel) => [
    '-M', 'virt,gic-version=3',
    // pauth-impdef: TCG's architected pointer-auth hash (QARMA) is slow to
    // emulate; the implementation-defined one is cheap and the guest can't tell.
    '-cpu', accel === 'kvm' ? 'host' : 'max,pauth-impdef=on',
  ],
  devices: { serialBus: 'virtio-serial-device', rng: 'virtio-rng-device', nic: 'virtio-net-device' },
}
