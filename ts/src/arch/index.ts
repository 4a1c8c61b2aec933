import { UsageError } from '../errors.js'
import type { ArchLowering } from './types.js'
import { x86_64 } from './x86_64.js'

export type { Accel, ArchLowering, IommuLowering, MachineLowering, NicLowering, NicModel } from './types.js'
export { NIC_MODELS } from './types.js'
export { nicLowering, pickMachine, type MachineNeeds } from './machine.js'

/** The arch of a guest that names no kernel (and so no arch). */
export const DEFAULT_ARCH = 'x86_64'

const ARCHES: Record<string, ArchLowering> = { x86_64 }

export function lowering(arch: string): ArchLowering {
  const found = ARCHES[arch]
  if (!found) throw new UsageError(`unknown arch '${arch}'; known: ${Object.keys(ARCHES).join(', ')}`)
  return found
}

/** Every arch's lowering: for tests that check each is whole. */
export function lowerings(): ArchLowering[] {
  return Object.values(ARCHES)
}
