// UEFI firmware for one machine: the arch's code, used read-only in place, and
// a private copy of the variable store, which the firmware writes (boot
// entries, its own state) and which no other run may see.
import { copyFile, chmod } from 'node:fs/promises'
import { join } from 'node:path'
import { tool } from '../toolchain/resolve.js'
import type { ImageArch } from './arch.js'

export async function privateFirmware(arch: ImageArch, dir: string): Promise<{ code: string; vars: string }> {
  const vars = join(dir, 'efivars.fd')
  await copyFile(tool(arch.firmware.vars), vars)
  await chmod(vars, 0o600)
  return { code: tool(arch.firmware.code), vars }
}
