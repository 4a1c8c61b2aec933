// Native guest components (vmgate-init, relayd) are built per arch, static,
// into the store, keyed by their sources and compiler. Each builds from a copy
// of its sources in the store's scratch dir, so the work tree stays clean and
// concurrent builds of the tree (just check) never collide with it.
import { cp, readFile, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { ArchLowering } from '../arch/index.js'
import { projectRoot } from '../paths.js'
import { runTool } from '../proc.js'
import type { Store } from '../store/store.js'
import { sha256 } from '../store/key.js'
import { tool } from '../toolchain/resolve.js'

const RECIPE = 2

interface NativeComponent {
  /** Directory under the project root holding the Makefile. */
  dir: string
  /** Make arguments, given the compiler. */
  makeArgs: (cc: string) => string[]
  /** What the build leaves, relative to the copied dir: guest name → path. */
  outputs: Record<string, string>
  /** Toolchain entries linked in statically, part of the key. */
  staticLibs: string[]
}

const COMPONENTS = {
  init: { dir: 'roots/init', makeArgs: (cc) => [`CC=${cc}`, 'OUT=build'], outputs: { 'vmgate-init': 'build/vmgate-init' }, staticLibs: ['libc-static'] },
  relay: { dir: 'pkgs/relay', makeArgs: (cc) => [`CC=${cc}`, 'all'], outputs: { relayd: 'build/relayd', relayctl: 'build/relayctl' }, staticLibs: ['libc-static', 'libcrypto-static'] },
  // Small static helpers guests use in tests (udp-echo).
  tools: { dir: 'roots/tools', makeArgs: (cc) => [`CC=${cc}`], outputs: { 'udp-echo': 'build/udp-echo' }, staticLibs: ['libc-static'] },
  // The same relay built to flip a byte of every payload: what the relay smoke must catch.
  'relay-broken': { dir: 'pkgs/relay', makeArgs: (cc) => [`CC=${cc}`, 'CFLAGS=-O2 -g -DRELAYD_TEST_CORRUPT', 'all'], outputs: { relayd: 'build/relayd', relayctl: 'build/relayctl' }, staticLibs: ['libc-static', 'libcrypto-static'] },
} satisfies Record<string, NativeComponent>

export type NativeName = keyof typeof COMPONENTS

/** Builds (or finds) a component; returns each output's path in the store. */
export async function buildNative(name: NativeName, arch: ArchLowering, store: Store): Promise<Record<string, string>> {
  const component: NativeComponent = COMPONENTS[name]
  const source = join(projectRoot(), component.dir)
  const cc = tool(arch.tools.cc)
  const libs = Object.fromEntries(await Promise.all(component.staticLibs.map(async (lib) => [lib, await store.fingerprint(tool(lib))])))
  const inputs = { recipe: RECIPE, arch: arch.name, sources: await sourceHashes(source), cc: await store.fingerprint(cc), libs, make: component.makeArgs('cc') }
  const entry = await store.ensure(`native-${name}`, inputs, async (out) => {
    const copy = join(out, 'src')
    await cp(source, copy, { recursive: true, filter: (path) => !relative(source, path).split('/').includes('build') })
    await runTool(tool('make'), ['-s', '-C', copy, ...component.makeArgs(cc)], { what: `build ${name}` })
  })
  return Object.fromEntries(Object.entries(component.outputs).map(([guestName, path]) => [guestName, join(entry.path, 'src', path)]))
}

/** Hashes of every source file (not build output), by path, recursively. */
async function sourceHashes(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name)
    const rel = relative(dir, path)
    if (!entry.isFile() || rel.startsWith('build/') || !/\.(c|h)$|(^|\/)Makefile$/.test(rel)) continue
    hashes[rel] = sha256(await readFile(path))
  }
  return Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => (a < b ? -1 : 1)))
}
