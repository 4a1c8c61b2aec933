// Native guest components (vmgate-init, relayd, tcpstats) are built per arch,
// static, into the store, keyed by their sources and compiler (and, for a
// kernel module, the kernel it is built against). Each builds from a copy of
// its sources in the store's scratch dir, so the work tree stays clean and
// concurrent builds of the tree (just check) never collide with it.
import { cp, readFile, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { ArchLowering } from '../arch/index.js'
import { kernelTools, type Kernel } from '../kernel/build.js'
import { kbuildVars } from '../kernel/kbuild-vars.js'
import { UsageError } from '../errors.js'
import { projectRoot } from '../paths.js'
import { runTool } from '../proc.js'
import type { Store } from '../store/store.js'
import { sha256 } from '../store/key.js'
import { tool } from '../toolchain/resolve.js'

// 4: the key hashes every file of the tree, not only .c, .h and Makefiles.
const RECIPE = 4

interface NativeComponent {
  /** Directory under the project root holding the Makefile. */
  dir: string
  /** Make arguments, given the compiler and, for a module, the kernel build tree and kbuild's variables (arch, cross prefix). */
  makeArgs: (cc: string, kernelTree: string, kbuild: string[]) => string[]
  /** What the build leaves: path in the guest → path relative to the copied dir. */
  outputs: Record<string, string>
  /** Built against a kernel: the kernel's store key is part of the key. */
  needsKernel?: boolean
  /** Static libraries linked in (the arch's toolchain entries for them are part of the key). */
  staticLibs: StaticLib[]
  /** Host programs the build runs besides the compiler (toolchain names; their identities are keyed). */
  hostTools?: string[]
}

type StaticLib = 'libc' | 'libcrypto' | 'libbpf' | 'libelf' | 'libz'

// relayd's XDP loader links libbpf, and libbpf's libelf and zlib.
const RELAY_LIBS: StaticLib[] = ['libc', 'libcrypto', 'libbpf', 'libelf', 'libz']
// loadgen: the datagram source and sink of vmgate bench xdp's guests.
const RELAY_OUTPUTS = {
  'usr/local/bin/relayd': 'build/relayd',
  'usr/local/bin/relayctl': 'build/relayctl',
  'usr/local/bin/loadgen': 'build/loadgen',
}

const COMPONENTS = {
  init: {
    dir: 'roots/init',
    makeArgs: (cc) => [`CC=${cc}`, 'OUT=build'],
    outputs: { init: 'build/vmgate-init' },
    staticLibs: ['libc'],
  },
  relay: {
    dir: 'pkgs/relay',
    makeArgs: (cc) => [`CC=${cc}`, `CLANG=${tool('clang')}`, 'all', 'build/loadgen'],
    outputs: RELAY_OUTPUTS,
    staticLibs: RELAY_LIBS,
    hostTools: ['clang'],
  },
  // Small static helpers guests use in tests (tcp-xfer, udp-echo).
  tools: {
    dir: 'roots/tools',
    makeArgs: (cc) => [`CC=${cc}`],
    outputs: { 'usr/local/bin/udp-echo': 'build/udp-echo', 'usr/local/bin/tcp-xfer': 'build/tcp-xfer' },
    staticLibs: ['libc'],
  },
  // The same relay built to flip a byte of every payload: what the relay smoke must catch.
  'relay-broken': {
    dir: 'pkgs/relay',
    makeArgs: (cc) => [
      `CC=${cc}`,
      `CLANG=${tool('clang')}`,
      'CFLAGS=-O2 -g -DRELAYD_TEST_CORRUPT',
      'all',
      'build/loadgen',
    ],
    outputs: RELAY_OUTPUTS,
    staticLibs: RELAY_LIBS,
    hostTools: ['clang'],
  },
  // tcpstats.ko against the guest's own kernel, and its static userland.
  kmod: {
    dir: 'pkgs/kmod',
    // kbuild's variables reach the module's make through the sub-makes' command line (MAKEFLAGS).
    makeArgs: (cc, kernelTree, kbuild) => [`CC=${cc}`, `KDIR=${kernelTree}`, ...kbuild, 'kmod', 'user'],
    outputs: {
      'lib/modules/tcpstats.ko': 'build/module/tcpstats.ko',
      'usr/local/bin/tcpstats-read': 'build/user/tcpstats-read',
      'usr/local/bin/tcpstats-live': 'build/user/tcpstats-live',
      'usr/local/bin/gen_conn': 'build/user/gen_conn',
      'usr/local/bin/bench_read': 'build/user/bench_read',
    },
    staticLibs: ['libc'],
    needsKernel: true,
  },
} satisfies Record<string, NativeComponent>

export type NativeName = keyof typeof COMPONENTS

/** Builds (or finds) a component; returns guest path → path of the built file in the store. */
export async function buildNative(
  name: NativeName,
  arch: ArchLowering,
  store: Store,
  kernel?: Kernel,
): Promise<Record<string, string>> {
  const component: NativeComponent = COMPONENTS[name]
  if (component.needsKernel) checkModulesKernel(name, kernel)
  const source = join(projectRoot(), component.dir)
  const tools = kernelTools(arch)
  const { cc } = tools
  const kernelKey = component.needsKernel ? kernel!.key : undefined
  const libs = Object.fromEntries(
    await Promise.all(
      component.staticLibs.map(async (lib) => [arch.tools[lib], await store.fingerprint(tool(arch.tools[lib]))]),
    ),
  )
  const kbuild = component.needsKernel ? kbuildVars(arch, tools) : []
  // The key holds the make arguments with the compiler's and the kernel's placeholders: their identities are keyed apart.
  const inputs = {
    recipe: RECIPE,
    arch: arch.name,
    sources: await sourceHashes(source),
    cc: await store.fingerprint(cc),
    libs,
    hostTools: Object.fromEntries(
      await Promise.all((component.hostTools ?? []).map(async (name) => [name, await store.fingerprint(tool(name))])),
    ),
    make: component.makeArgs('cc', 'kernel', kbuildVars(arch, { cc: 'cc', hostCc: 'hostcc' })),
    kernel: kernelKey,
  }
  const entry = await store.ensure(`native-${name}`, inputs, async (out) => {
    const copy = join(out, 'src')
    await cp(source, copy, { recursive: true, filter: (path) => !isBuildOutput(relative(source, path)) })
    // Sources from a read-only tree (a Nix store path) stay read-only when copied; make writes beside them.
    await runTool('chmod', ['-R', 'u+w', copy], { what: `make ${name} sources writable` })
    await runTool(tool('make'), ['-s', '-C', copy, ...component.makeArgs(cc, kernel?.buildTree ?? '', kbuild)], {
      what: `build ${name}`,
    })
  })
  return Object.fromEntries(
    Object.entries(component.outputs).map(([guestName, path]) => [guestName, join(entry.path, 'src', path)]),
  )
}

/** A module builds only against a kernel with loadable modules; say which kernel to use instead of failing inside kbuild. */
function checkModulesKernel(name: string, kernel: Kernel | undefined): void {
  if (!kernel?.modules)
    throw new UsageError(
      `${name} is a kernel module: boot it with a kernel that has CONFIG_MODULES=y (--kernel microvm-kmod, or virt-aarch64)${kernel ? `, not ${kernel.name}` : ''}`,
    )
}

/** Build output, and what .gitignore ignores inside a component (build/, scratch/, *.o): neither copied nor keyed. */
export function isBuildOutput(relativePath: string): boolean {
  return relativePath.split('/').some((part) => part === 'build' || part === 'scratch') || relativePath.endsWith('.o')
}

/** Hashes of every file the build copies, by path: a Kbuild or script edit changes the key as a .c edit does. */
export async function sourceHashes(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name)
    const rel = relative(dir, path)
    if (!entry.isFile() || isBuildOutput(rel)) continue
    hashes[rel] = sha256(await readFile(path))
  }
  return Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => (a < b ? -1 : 1)))
}
