// Filesystem images made from a host directory, without root and without a
// mount: ext4 by mkfs.ext4 -d, vfat by mkfs.fat and a recursive mcopy. The
// image's root uses the first; attached disks (a test's config, data) either.
import { readdir, rm, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { runTool } from '../proc.js'
import { tool } from '../toolchain/resolve.js'

export type FsType = 'ext4' | 'vfat'

export interface FsOptions {
  label: string
  mib: number
  /** Fixed ids make the bytes the same on every build; absent: the tools pick random ones. */
  uuid?: string
  /** SOURCE_DATE_EPOCH for the filesystem's own timestamps. */
  epoch?: number
}

export async function filesystemFromDir(type: FsType, dir: string, out: string, options: FsOptions): Promise<void> {
  if (type === 'ext4') return ext4FromDir(dir, out, options)
  return vfatFromDir(dir, out, options)
}

async function ext4FromDir(dir: string, out: string, options: FsOptions): Promise<void> {
  const fixed = options.uuid
    ? ['-U', options.uuid, '-E', `hash_seed=${options.uuid},root_owner=0:0`]
    : ['-E', 'root_owner=0:0']
  const env = options.epoch === undefined ? undefined : { ...process.env, E2FSPROGS_FAKE_TIME: String(options.epoch) }
  await runTool(
    tool('mkfs-ext4'),
    ['-q', '-F', '-b', '4096', '-I', '256', '-L', options.label, ...fixed, '-d', dir, out, `${options.mib}M`],
    { what: `mkfs.ext4 -d ${dir}`, env: env as Record<string, string> | undefined },
  )
  if (options.epoch !== undefined) await setInodeTimes(dir, out, options.epoch)
}

// mkfs.ext4 -d copies each file's ctime, which only the kernel sets (to the
// time of the build), and its atime, which reading the tree after the clamp
// (ukify, dpkg-query) moved on; debugfs rewrites both in the image, with the
// superblock's write time faked too. Those were all that differed between builds.
async function setInodeTimes(dir: string, image: string, epoch: number): Promise<void> {
  const paths = ['/', ...(await readdir(dir, { recursive: true })).map((p) => `/${relative(dir, join(dir, p))}`)]
  const unquotable = paths.find((p) => /["\n\\]/.test(p))
  if (unquotable) throw new Error(`${dir}${unquotable}: a name debugfs can't quote`)
  const script = `${image}.times`
  const lines = paths.flatMap((p) => [
    `set_inode_field "${p}" ctime @${epoch}`,
    `set_inode_field "${p}" atime @${epoch}`,
  ])
  await writeFile(script, lines.join('\n') + '\n')
  await runTool(tool('debugfs'), ['-w', '-f', script, image], {
    what: 'debugfs: set inode times',
    env: { ...process.env, E2FSPROGS_FAKE_TIME: String(epoch) } as Record<string, string>,
  })
  await rm(script)
}

async function vfatFromDir(dir: string, out: string, options: FsOptions): Promise<void> {
  const volumeId = options.uuid ? ['-i', options.uuid.replace(/-/g, '').slice(0, 8), '--invariant'] : []
  await runTool(
    tool('mkfs-vfat'),
    ['-C', '-n', options.label.toUpperCase().slice(0, 11), ...volumeId, out, String(options.mib * 1024)],
    {
      what: 'mkfs.fat',
    },
  )
  const entries = await readdir(dir)
  if (entries.length === 0) return
  // -s: recursive, -m: keep mtimes, -Q: stop at the first error instead of going on.
  await runTool(tool('mcopy'), ['-s', '-m', '-Q', '-i', out, ...entries.map((e) => join(dir, e)), '::/'], {
    what: `mcopy ${dir}`,
    env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } as Record<string, string>,
  })
}
