// Everything that differs between guest architectures and machines lives in
// one lowering object per arch. Code elsewhere asks the object; it never
// branches on an arch or machine name.
//
// The shape: an ArchLowering holds what the arch decides (kernel build, tools,
// console, CPU) and an ordered set of MachineLowerings (x86_64: microvm, q35;
// aarch64: virt, virt-pci). Each machine says how qemu spells it, how virtio attaches
// (mmio or pci), which devices and NIC models it carries, and its vIOMMU,
// whole or absent. The first machine of an arch is its default: the one a node
// gets when it asks for nothing another machine alone offers (arch/machine.ts).

export type Accel = 'kvm' | 'tcg'

/** NIC models a topology NIC can ask for; a machine lowers the ones it carries. */
export const NIC_MODELS = ['virtio', 'e1000', 'e1000e'] as const
export type NicModel = (typeof NIC_MODELS)[number]

/** A NIC model on one machine: the qemu device, and the guest driver that must bind to it. */
export interface NicLowering {
  /** The -device name, e.g. virtio-net-pci. */
  device: string
  /** The driver's name in sysfs (/sys/class/net/IF/device/driver), e.g. virtio_net, e1000e. */
  driver: string
}

/** A vIOMMU: every piece of it, so a machine has all of them or no vIOMMU at all. */
export interface IommuLowering {
  /** How users name it (`iommu: 'intel-iommu'`); asking for another name is a usage error. */
  name: string
  /** Options appended to -M (x86: kernel-irqchip=split; aarch64 virt: iommu=smmuv3). */
  machineOptions: string[]
  /** -device values placed before every other device (x86: intel-iommu,...); may be empty. */
  devices: string[]
  /** Guest kernel words that turn it on (x86: intel_iommu=on ...); may be empty. */
  kernelParams: string[]
}

export interface MachineLowering {
  /** The name nodes and `--machine` use, and qemu's machine type (-M NAME,...) unless `type` says otherwise. */
  name: string
  /** qemu's machine type, for a lowering of a type another lowering of the arch also uses (aarch64 virt-pci: virt). */
  type?: string
  /** -M options every boot of this machine gets, e.g. acpi=off. */
  options: string[]
  /** How virtio devices attach: mmio (no PCI bus at all) or pci. */
  transport: 'mmio' | 'pci'
  /** Kernel command line words this machine adds to the arch's. */
  kernelParams: string[]
  /** Device names, so argv builders stay machine-neutral; fs9p carries --share and --host-root. */
  devices: { serialBus: string; rng: string; fs9p: string }
  /** NIC models this machine carries; a model it lacks is absent, and asking for it is a usage error. */
  nics: Partial<Record<NicModel, NicLowering>>
  /** The vIOMMU, whole, or absent when the machine has none. */
  iommu?: IommuLowering
  /** Guest RAM can be backed by host hugepages (memory-backend-memfd,hugetlb=on). */
  hostHugepages: boolean
  /** The kernel definition (kernels/NAME.json) a node on this machine boots when it names none. */
  kernel: string
}

export interface ArchLowering {
  name: string
  /** ARCH= for the kernel build. */
  kernelArch: string
  /** The boot image, relative to the kernel build tree. */
  kernelImage: string
  /** Tool names (toolchain table) of the qemu binary, C compiler, busybox and the static libraries natives link. */
  tools: {
    qemu: string
    cc: string
    busybox: string
    libc: string
    libcrypto: string
    libbpf: string
    libelf: string
    libz: string
  }
  /** Kernel command line words every machine of this arch gets (console, reboot, panic). */
  kernelParams: string[]
  /** -cpu and anything else that depends on the accelerator, not the machine. */
  cpuArgs(accel: Accel): string[]
  /** Machines in order of preference; the first is the default. */
  machines: MachineLowering[]
  /** Debian's multiarch triplet: the libraries of this arch's programs are in /lib/TRIPLET and /usr/lib/TRIPLET. */
  multiarch: string
  /** Host hugepage size in KiB the guest RAM backing asks for (x86_64 and arm64 with 4K pages: 2048). */
  hugepageKb: number
}
