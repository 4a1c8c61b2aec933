// A guest root is cpio layers, concatenated: a cached base (busybox and its
// applet links, the directory skeleton, /dev/console), the root's host files
// if it has any (tc and its libraries, say), the user's files (--add, --module)
// and a thin overlay (PID 1 and the root's guest programs).
// Changing a test rebuilds only the overlay. The host and overlay layers are
// keyed by their files' fingerprints (layer.ts) and written only when the
// image is built: a run whose image is in the store reads none of their bytes.
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { hostLowering, type ArchLowering } from '../arch/index.js'
import { UsageError } from '../errors.js'
import { buildNative } from '../native/build.js'
import type { Kernel } from '../kernel/build.js'
import type { Store } from '../store/store.js'
import { sha256 } from '../store/key.js'
import { tool } from '../toolchain/resolve.js'
import { unpackedDir } from '../toolchain/debs.js'
import { guestToolName, toolSpec } from '../toolchain/tools.js'
import { appletNames, appletPaths, hostAppletList } from './applets.js'
import { writeCpio, type CpioEntry } from './cpio.js'
import { foreignLibraries, type LibDir } from './foreign-libs.js'
import { hostFileSources, lddLibraries, type LibraryResolver } from './host-files.js'
import { layerInputs, writeLayer, type LayerEntry } from './layer.js'
import { loadRoot, type RootSpec } from './root-spec.js'

// 2: the host and overlay layers are keyed by what they hold, not by their bytes.
const RECIPE = 2

export interface RootImage {
  path: string
  key: string
}

export interface RootOptions {
  /** SOURCE_DATE_EPOCH for every entry. */
  mtime?: number
  /** The guest's kernel, for roots that carry a module built against it. */
  kernel?: Kernel
  /** The user's files and modules (usercode/overlay.ts): a layer of their own, under the overlay. */
  user?: CpioEntry[]
}

export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.SOURCE_DATE_EPOCH ?? 0)
  return Number.isInteger(value) && value >= 0 ? value : 0
}

export function buildTestroot(arch: ArchLowering, store: Store, options: RootOptions = {}): Promise<RootImage> {
  return buildRoot(loadRoot('testroot'), arch, store, options)
}

export async function buildRoot(
  spec: RootSpec,
  arch: ArchLowering,
  store: Store,
  options: RootOptions = {},
): Promise<RootImage> {
  const mtime = options.mtime ?? sourceDateEpoch()
  const base = await baseLayer(arch, store, mtime)
  const host = await hostLayer(spec, arch, store, options.kernel)
  const { init } = await buildNative('init', arch, store)
  const overlay: LayerEntry[] = [
    { path: 'init', kind: 'host-file', mode: 0o755, from: init },
    // The command runs `vmgate-ready` to say it is ready (vmgate.ready=command)
    // and `vmgate-mark NAME` to timestamp a phase.
    { path: 'bin/vmgate-ready', kind: 'symlink', target: '/init' },
    { path: 'bin/vmgate-mark', kind: 'symlink', target: '/init' },
  ]
  overlay.push(...(await scriptEntries(spec)))
  const user = options.user?.length ? writeCpio(options.user, { mtime }) : Buffer.alloc(0)
  const entry = await store.ensure(
    'initramfs',
    {
      recipe: RECIPE,
      mtime,
      base: base.key,
      host: await layerInputs(host, store),
      overlay: await layerInputs(overlay, store),
      ...(user.length > 0 && { user: sha256(user) }),
    },
    async (dir) => {
      const layers = [await readFile(base.path), await writeLayer(host, mtime), user, await writeLayer(overlay, mtime)]
      await writeFile(join(dir, 'initramfs.cpio'), Buffer.concat(layers))
    },
  )
  return { path: join(entry.path, 'initramfs.cpio'), key: entry.key }
}

/**
 * The root's guest programs, in the overlay: they change with the scenarios
 * they serve, and their bytes are part of the image's key like the rest of it.
 */
async function scriptEntries(spec: RootSpec): Promise<LayerEntry[]> {
  const entries = new Map<string, LayerEntry>()
  for (const dir of spec.scripts) {
    for (const file of await readdir(resolve(spec.projectDir, dir), { withFileTypes: true })) {
      const from = join(dir, file.name)
      if (!file.isFile())
        throw new UsageError(`root ${spec.name}: ${from} is not a file; a scripts directory holds only programs`)
      const path = `usr/local/bin/${file.name}`
      if (entries.has(path))
        throw new UsageError(`root ${spec.name}: two scripts directories have a ${file.name}; rename one`)
      entries.set(path, { path, kind: 'host-file', mode: 0o755, from: resolve(spec.projectDir, from) })
    }
  }
  return [...entries.values()]
}

/** The root's host binaries and files, and its native components (programs in /usr/local/bin, modules in /lib/modules). */
async function hostLayer(spec: RootSpec, arch: ArchLowering, store: Store, kernel?: Kernel): Promise<LayerEntry[]> {
  const { binaries, libraries } = hostTools(spec, arch)
  // A binary's library list is looked up once per version of it (ldd or readelf is a spawn per binary per run otherwise).
  const cached = async (binary: string) =>
    new Map(await store.byIdentity(`libraries-${arch.name}`, binary, async () => [...(await libraries(binary))]))
  const entries = await hostFileSources(binaries, spec.hostFiles, cached)
  for (const name of spec.native) {
    for (const [guestPath, path] of Object.entries(await buildNative(name, arch, store, kernel))) {
      entries.push({ path: guestPath, kind: 'host-file', mode: guestPath.endsWith('.ko') ? 0o644 : 0o755, from: path })
    }
  }
  return entries
}

/**
 * The root's host tools for a guest of `arch`, each at the host entry's path
 * (where the root's programs call it): the host's own binaries with what ldd
 * names, or another arch's build (tools.ts, guestToolName) with the libraries
 * its ELF names, from its unpacked tree or the host's multiarch dirs.
 */
function hostTools(
  spec: RootSpec,
  arch: ArchLowering,
): { binaries: Record<string, string>; libraries: LibraryResolver } {
  const host = hostLowering()
  const providers = spec.hostTools.map((name) => [name, guestToolName(name, arch.name, host.name)] as const)
  const binaries = Object.fromEntries(providers.map(([name, provider]) => [toolSpec(name).debianPath, tool(provider)]))
  if (arch === host) return { binaries, libraries: lddLibraries }
  const trees = providers.map(([, provider]) => toolSpec(provider)).filter((provider) => provider.unpacked)
  const dirs: LibDir[] = [...trees.map((provider) => unpackedDir(provider.debianPackage)), '/'].flatMap((root) =>
    [`lib/${arch.multiarch}`, `usr/lib/${arch.multiarch}`].map((dir) => ({ host: join(root, dir), guest: `/${dir}` })),
  )
  return { binaries, libraries: (binary) => foreignLibraries(binary, dirs) }
}

async function baseLayer(arch: ArchLowering, store: Store, mtime: number): Promise<RootImage> {
  const busybox = tool(arch.tools.busybox)
  const hostBusybox = tool(hostLowering().tools.busybox)
  const inputs = {
    recipe: RECIPE,
    arch: arch.name,
    busybox: await store.fingerprint(busybox),
    mtime,
    ...(hostBusybox !== busybox && { hostBusybox: await store.fingerprint(hostBusybox) }),
  }
  const entry = await store.ensure('root-base', inputs, async (dir) => {
    const binary = await readFile(busybox)
    const entries = baseEntries(binary, appletPaths(appletNames(binary), await hostAppletList(hostBusybox)))
    await writeFile(join(dir, 'base.cpio'), writeCpio(entries, { mtime }))
  })
  return { path: join(entry.path, 'base.cpio'), key: entry.key }
}

export function baseEntries(busybox: Uint8Array, applets: string[]): CpioEntry[] {
  const entries: CpioEntry[] = [
    { path: 'bin/busybox', kind: 'file', mode: 0o755, data: busybox },
    // The kernel opens /dev/console for PID 1 before devtmpfs is mounted.
    { path: 'dev/console', kind: 'char', major: 5, minor: 1 },
    { path: 'etc/passwd', kind: 'file', data: Buffer.from('root:x:0:0:root:/root:/bin/sh\n') },
    { path: 'etc/group', kind: 'file', data: Buffer.from('root:x:0:\n') },
    { path: 'tmp', kind: 'dir', mode: 0o1777 },
    ...['proc', 'sys', 'run', 'root', 'sbin', 'usr/bin', 'usr/sbin'].map((path): CpioEntry => ({ path, kind: 'dir' })),
  ]
  for (const applet of applets) {
    if (applet !== 'bin/busybox') entries.push({ path: applet, kind: 'symlink', target: '/bin/busybox' })
  }
  return entries
}
