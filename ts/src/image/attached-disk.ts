// A disk a test attaches to a machine, built from a host directory without
// root (filesystem.ts): ext4 or vfat, raw, in a temp dir that dispose removes.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { filesystemFromDir, type FsType } from './filesystem.js'

export interface AttachedDisk {
  file: string
  dispose(): Promise<void>
}

export async function diskFromDir(
  dir: string,
  options: { type: FsType; label: string; mib?: number },
): Promise<AttachedDisk> {
  const tmp = await mkdtemp(join(tmpdir(), 'vmgate-disk-'))
  const file = join(tmp, `${options.label}.${options.type}`)
  const dispose = () => rm(tmp, { recursive: true, force: true })
  try {
    await filesystemFromDir(options.type, dir, file, { label: options.label, mib: options.mib ?? 64 })
  } catch (error) {
    await dispose()
    throw error
  }
  return { file, dispose }
}
