// The flags that bring user code into a guest (run, shell), parsed into one
// UserCode on entry: a missing host path is a usage error naming it.
import type { Command } from 'commander'
import { checkUserCode, parseAdd, parseKernelImage, parseModule, parseShare, type UserCode } from '../usercode/spec.js'

export interface UserCodeFlags {
  add?: string[]
  share?: string[]
  hostRoot?: boolean
  module?: string[]
  kernelImage?: string
  kernelConfig?: string
}

const repeatable = (value: string, previous: string[] = []) => [...previous, value]

export function userCodeOptions(command: Command): Command {
  return command
    .option(
      '--add <host[:guest]>',
      'a host file or directory into the guest (an executable with its libraries); default guest path: the same absolute path, or /root/NAME for a relative one (repeatable)',
      repeatable,
    )
    .option(
      '--share <host[:guest][:rw]>',
      'a host directory mounted in the guest over 9p, read-only unless :rw (repeatable)',
      repeatable,
    )
    .option(
      '--host-root',
      "boot with the host's / (read-only, over 9p) under a writable tmpfs: host programs run with our kernel",
    )
    .option(
      '--module <path.ko>',
      'a kernel module to load before the command (repeatable, loaded in order)',
      repeatable,
    )
    .option('--kernel-image <path>', 'boot this kernel image instead of building --kernel; its .config is checked')
    .option('--kernel-config <path>', "the --kernel-image's .config (default: .config beside the image)")
}

export function userCodeOf(flags: UserCodeFlags, cwd = process.cwd()): UserCode {
  return checkUserCode({
    adds: (flags.add ?? []).map((value) => parseAdd(value, cwd)),
    shares: (flags.share ?? []).map((value) => parseShare(value, cwd)),
    hostRoot: flags.hostRoot ?? false,
    modules: (flags.module ?? []).map((value) => parseModule(value, cwd)),
    kernelImage: flags.kernelImage ? parseKernelImage(flags.kernelImage, flags.kernelConfig, cwd) : undefined,
  })
}
