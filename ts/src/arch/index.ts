import { UsageError } from '../errors.js'
import { aarch64 } from './aarch64.js'
import type { ArchLowering } from './types.js'
import { x86_64 } from './x86_64.js'

export type { Accel, ArchLowering, IommuLowering, MachineLowering, NicLowering, NicModel } from './types.js'
export { NIC_MODELS } from './types.js'
export { nicLowering, pickMachine, type MachineNeeds } from './machine.js'

/** The arch of a guest that names no kernel (and so no arch). */
export const DEFAULT_ARCH = 'x86_64'

const ARCHES: Record<string, ArchLowering> = { x86_64, aarch64 }

export function archNames(): string[] {
  return Object.keys(ARCHES)
}

export function lowering(arch: string): ArchLowering {
  const found = ARCHES[arch]
  if (!found) throw new UsageError(`unknown arch '${arch}'; known: ${archNames().join(', ')}`)
  return found
}

// Node's names for the CPUs it runs on, in vmgate's (and the kernel's uname -m) names.
const NODE_ARCHES: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' }

/** The lowering of the machine vmgate runs on: its compiler builds the kernel's host programs. */
export function hostLowering(nodeArch: string = process.arch): ArchLowering {
  return lowering(NODE_ARCHES[nodeArch] ?? nodeArch)
}

/** Every arch's lowering: for tests that check each is whole. */
export function lowerings(): ArchLowering[] {
  return Object.values(ARCHES)
}
