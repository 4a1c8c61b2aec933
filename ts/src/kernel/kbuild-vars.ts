// The make variables that point kbuild at a guest arch and its compiler; the
// kernel build and out-of-tree modules (a component with needsKernel) pass the same ones.
import { basename, dirname, join } from 'node:path'
import type { ArchLowering } from '../arch/index.js'

export interface KbuildTools {
  /** The guest's C compiler (the arch's `tools.cc`, resolved). */
  cc: string
  /** The compiler of the machine building: kbuild's host programs run here. */
  hostCc: string
}

/**
 * A cross compiler is named `<triple>-gcc`; kbuild then needs the same
 * prefix for ld, objcopy, nm and the rest (CROSS_COMPILE). A native `gcc` has none.
 */
export function crossPrefix(cc: string): string | undefined {
  const match = /^(.+-)gcc$/.exec(basename(cc))
  return match ? join(dirname(cc), match[1]) : undefined
}

export function kbuildVars(arch: ArchLowering, tools: KbuildTools): string[] {
  const prefix = crossPrefix(tools.cc)
  return [
    `ARCH=${arch.kernelArch}`,
    ...(prefix ? [`CROSS_COMPILE=${prefix}`] : []),
    `CC=${tools.cc}`,
    `HOSTCC=${tools.hostCc}`,
  ]
}
