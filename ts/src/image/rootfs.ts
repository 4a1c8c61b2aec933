// The image's root tree: mmdebstrap installs the release's essential set plus
// the definition's packages and the arch's kernel, runs the customize hooks,
// and leaves the .debs in a cache the next build starts from. Then every
// mtime is clamped to SOURCE_DATE_EPOCH, so the tree's timestamps don't
// depend on when it was built.
import { lstat, lutimes, mkdir, readdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { hostLowering } from '../arch/index.js'
import { projectRoot } from '../paths.js'
import { runTool } from '../proc.js'
import { requireBinfmt } from '../toolchain/binfmt.js'
import { tool } from '../toolchain/resolve.js'
import type { ImageArch } from './arch.js'
import type { ImageSpec } from './definition.js'

export interface RootfsOptions {
  spec: ImageSpec
  arch: ImageArch
  /** Where the tree goes; must not exist yet. */
  dir: string
  /** Downloaded .debs, kept between builds. */
  debCache: string
  epoch: number
  onProgress: (line: string) => void
}

export async function buildRootfs(options: RootfsOptions): Promise<void> {
  const { spec, arch, dir, debCache } = options
  if (arch.arch.name !== hostLowering().name) {
    // mmdebstrap runs the root's maintainer scripts through qemu-user, found by arch-test.
    requireBinfmt(arch.arch.name, `mmdebstrap --architectures=${arch.debianArch}`)
    tool('arch-test')
  }
  await mkdir(debCache, { recursive: true })
  const packages = [...spec.packages, arch.kernelPackage]
  const args = [
    '--variant=essential',
    '--mode=root',
    `--architectures=${arch.debianArch}`,
    `--include=${packages.join(',')}`,
    ...spec.dpkgExclude.map((glob) => `--dpkgopt=path-exclude=${glob}`),
    // Keep the .debs for the cache: the cache round trip from mmdebstrap's manual.
    '--skip=download/empty',
    '--skip=essential/unlink',
    `--setup-hook=mkdir -p "$1"/var/cache/apt/archives`,
    `--setup-hook=sync-in ${debCache} /var/cache/apt/archives`,
    ...spec.customize.map((hook) => `--customize-hook=${resolve(projectRoot(), hook)}`),
    `--customize-hook=sync-out /var/cache/apt/archives ${debCache}`,
    `--customize-hook=rm -f "$1"/var/cache/apt/archives/*.deb`,
    spec.release,
    dir,
    spec.mirror,
  ]
  await runTool(tool('mmdebstrap'), args, {
    what: `mmdebstrap ${spec.name}`,
    env: { ...process.env, SOURCE_DATE_EPOCH: String(options.epoch) } as Record<string, string>,
    onLine: (line) => line.startsWith('I: ') && options.onProgress(line.slice(3)),
  })
  // apt hands its partial/ dirs to _apt only when it downloaded something, so
  // their owner says whether the cache was warm; the image has no apt anyway.
  for (const partial of ['var/cache/apt/archives/partial', 'var/lib/apt/lists/partial'])
    await rm(join(dir, partial), { recursive: true, force: true })
  await clampMtimes(dir, options.epoch)
}

/** Sets every mtime later than `epoch` to it, and every atime to the mtime, symlinks included. */
export async function clampMtimes(dir: string, epoch: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name)
    const info = await lstat(path)
    if (info.isDirectory()) await clampMtimes(path, epoch)
    const mtime = Math.min(info.mtimeMs / 1000, epoch)
    await lutimes(path, mtime, mtime)
  }
}
