import type { ArchLowering, MachineLowering } from './types.js'

// microvm: no PCI, no ACPI, no firmware tables to walk, which is what makes a
// guest boot in about a second under TCG. Devices are virtio-mmio; with
// acpi=off qemu passes them on the command line, hence
// CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES in the fragment. Virtio is its only NIC.
const microvm: MachineLowering = {
  name: 'microvm',
  options: ['acpi=off'],
  transport: 'mmio',
  kernelParams: [],
  devices: { serialBus: 'virtio-serial-device', rng: 'virtio-rng-device', fs9p: 'virtio-9p-device' },
  nics: { virtio: { device: 'virtio-net-device', driver: 'virtio_net' } },
  hostHugepages: true,
  kernel: 'microvm',
}

// q35: PCIe, ACPI and SeaBIOS; slower to boot, but it carries real NIC models
// and a vIOMMU. Each device sits on the root bus, so each is its own IOMMU group.
const q35: MachineLowering = {
  name: 'q35',
  options: [],
  transport: 'pci',
  kernelParams: [],
  devices: { serialBus: 'virtio-serial-pci', rng: 'virtio-rng-pci', fs9p: 'virtio-9p-pci' },
  nics: {
    virtio: { device: 'virtio-net-pci', driver: 'virtio_net' },
    e1000: { device: 'e1000', driver: 'e1000' }, // 82540EM, conventional PCI
    e1000e: { device: 'e1000e', driver: 'e1000e' }, // 82574L, PCIe
  },
  iommu: {
    name: 'intel-iommu',
    // Interrupt remapping needs the IOAPIC in qemu, not in KVM; TCG ignores it.
    machineOptions: ['kernel-irqchip=split'],
    // intremap=on: VT-d remaps interrupts too, as on real hardware; qemu wants
    // intel-iommu before the PCI devices it translates for.
    devices: ['intel-iommu,intremap=on'],
    // intel_iommu=on: the driver stays off unless asked. iommu=pt: devices the
    // kernel drives itself get an identity map (no translation cost), and each
    // still has its IOMMU group, which is what VFIO and DPDK in the guest need.
    kernelParams: ['intel_iommu=on', 'iommu=pt'],
  },
  hostHugepages: true,
  kernel: 'q35',
}

export const x86_64: ArchLowering = {
  name: 'x86_64',
  kernelArch: 'x86_64',
  kernelImage: 'arch/x86/boot/bzImage',
  tools: {
    qemu: 'qemu-x86_64',
    cc: 'cc-x86_64',
    busybox: 'busybox-x86_64',
    libc: 'libc-static',
    libcrypto: 'libcrypto-static',
    libbpf: 'libbpf-static',
    libelf: 'libelf-static',
    libz: 'libz-static',
  },
  kernelParams: [
    'console=ttyS0', // the isa-serial port both machines provide
    'reboot=t', // reboot by triple fault: with -no-reboot this ends qemu
    'panic=-1', // reboot at once on panic, so a panicked guest ends qemu too
    // The IO-APIC timer check counts ticks against a busy-wait; on a loaded TCG host
    // it misses them and panics ("IO-APIC + timer doesn't work", on microvm's IO-APIC
    // as on q35's, where interrupt remapping says it differently). qemu's timer is fine.
    'no_timer_check',
  ],
  cpuArgs: (accel) => ['-cpu', accel === 'kvm' ? 'host' : 'max'],
  machines: [microvm, q35],
  multiarch: 'x86_64-linux-gnu',
  hugepageKb: 2048,
}
