import type { ArchLowering, MachineLowering } from './types.js'

// virt: the smallest aarch64 machine qemu has, described to the kernel by a
// device tree. Its virtio-mmio transports are in that tree, so the same
// virtio-*-device names as microvm work and no PCI bus is enumerated at boot,
// the cheaper choice under TCG. gic-version=3: GICv3, what current arm64
// servers have (and what -cpu max pairs with). No vIOMMU: SMMUv3 translates
// for PCI devices, and virt-pci has them.
const virt: MachineLowering = {
  name: 'virt',
  options: ['gic-version=3'],
  transport: 'mmio',
  kernelParams: [],
  devices: { serialBus: 'virtio-serial-device', rng: 'virtio-rng-device', fs9p: 'virtio-9p-device' },
  nics: { virtio: { device: 'virtio-net-device', driver: 'virtio_net' } },
  hostHugepages: true,
  kernel: 'virt-aarch64',
}

// virt-pci: the same qemu machine with every device on its PCIe host bridge
// (generic ECAM, in the device tree), as q35 is to microvm: real NIC models
// and the SMMUv3 vIOMMU. Each device sits on the root bus, so each is its own
// IOMMU group.
const virtPci: MachineLowering = {
  name: 'virt-pci',
  type: 'virt',
  options: ['gic-version=3'],
  transport: 'pci',
  kernelParams: [],
  devices: { serialBus: 'virtio-serial-pci', rng: 'virtio-rng-pci', fs9p: 'virtio-9p-pci' },
  nics: {
    virtio: { device: 'virtio-net-pci', driver: 'virtio_net' },
    e1000: { device: 'e1000', driver: 'e1000' }, // 82540EM, conventional PCI
    e1000e: { device: 'e1000e', driver: 'e1000e' }, // 82574L, PCIe
  },
  iommu: {
    name: 'smmuv3',
    // virt builds the SMMU itself and puts the PCIe root complex behind it.
    machineOptions: ['iommu=smmuv3'],
    devices: [],
    // As iommu=pt on x86: devices the kernel drives get an identity map (no
    // translation cost under TCG) and each still has its IOMMU group.
    kernelParams: ['iommu.passthrough=1'],
  },
  hostHugepages: true,
  kernel: 'virt-aarch64',
}

export const aarch64: ArchLowering = {
  name: 'aarch64',
  kernelArch: 'arm64',
  kernelImage: 'arch/arm64/boot/Image',
  tools: {
    qemu: 'qemu-aarch64',
    cc: 'cc-aarch64',
    busybox: 'busybox-aarch64',
    libc: 'libc-static-aarch64',
    libcrypto: 'libcrypto-static-aarch64',
    libbpf: 'libbpf-static-aarch64',
    libelf: 'libelf-static-aarch64',
    libz: 'libz-static-aarch64',
  },
  kernelParams: [
    'console=ttyAMA0', // the PL011 UART virt provides
    // Reboot and poweroff are PSCI calls: with -no-reboot both end qemu.
    'panic=-1', // reboot at once on panic, so a panicked guest ends qemu too
  ],
  // pauth-impdef: TCG's architected pointer-auth hash (QARMA) is slow to
  // emulate; the implementation-defined one is cheap and the guest can't tell.
  cpuArgs: (accel) => ['-cpu', accel === 'kvm' ? 'host' : 'max,pauth-impdef=on'],
  machines: [virt, virtPci],
  multiarch: 'aarch64-linux-gnu',
  hugepageKb: 2048,
}
