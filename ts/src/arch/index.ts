import { UsageError } from '../errors.js'
import type { ArchLowering } from './types.js'
import { x86_64 } from './x86_64.js'

export type { Accel, ArchLowering } from './types.js'

const ARCHES: Record<string, ArchLowering> = { x86_64 }

export function lowering(arch: string): ArchLowering {
  const found = ARCHES[arch]
  if (!found) throw new UsageError(`unknown arch '${arch}'; known: ${Object.keys(ARCHES).join(', ')}`)
  return found
}
