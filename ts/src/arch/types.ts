// Everything that differs between guest architectures lives in one lowering
// object per arch. Code elsewhere asks the object; it never branches on a name.

export interface ArchLowering {
  name: string
  /** ARCH= for the kernel build. */
  kernelArch: string
  /** The boot image, relative to the kernel build tree. */
  kernelImage: string
  /** Tool names (toolchain table) of the qemu binary, C compiler and busybox. */
  tools: { qemu: string; cc: string; busybox: string }
  /** Kernel command line words that depend on the machine (console, reboot). */
  kernelParams: string[]
  /** Machine and CPU arguments for an accelerator. */
  machineArgs(accel: Accel): string[]
  /** Device names, so argv builders stay arch-neutral. */
  devices: { serialBus: string; rng: string; nic: string; fs9p: string }
}

export type Accel = 'kvm' | 'tcg'
