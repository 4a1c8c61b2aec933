// Native guest components (each declared in a components.json beside its
// sources, native/components.ts) are built per arch, static, into the store,
// keyed by their sources and compiler (and, for a kernel module, the kernel it
// is built against). Each builds from a copy of
// its sources in the store's scratch dir, so the work tree stays clean and
// concurrent builds of the tree (just check) never collide with it.
import { cp, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { ArchLowering } from '../arch/index.js'
import { kernelTools, type Kernel } from '../kernel/build.js'
import { kbuildVars } from '../kernel/kbuild-vars.js'
import { listKernels, loadKernel } from '../kernel/spec.js'
import { UsageError } from '../errors.js'
import { runTool } from '../proc.js'
import type { Store } from '../store/store.js'
import { tool } from '../toolchain/resolve.js'
import { DECLARATION, makeArgs, nativeComponent, type NativeComponent } from './components.js'

// 4: the key hashes every file of the tree, not only .c, .h and Makefiles. Its
// shape did not change when the components moved into declarations.
const RECIPE = 4

/** Builds (or finds) a component; returns guest path → path of the built file in the store. */
export async function buildNative(
  name: string,
  arch: ArchLowering,
  store: Store,
  kernel?: Kernel,
): Promise<Record<string, string>> {
  const component = nativeComponent(name)
  if (component.needsKernel) checkKernelHasModules(name, arch, kernel)
  const source = component.dir
  const skip = notInputs(component)
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
    sources: await sourceHashes(source, store, skip),
    cc: await store.fingerprint(cc),
    libs,
    hostTools: Object.fromEntries(
      await Promise.all(component.hostTools.map(async (name) => [name, await store.fingerprint(tool(name))])),
    ),
    make: makeArgs(component, {
      cc: 'cc',
      kernelTree: 'kernel',
      kbuild: kbuildVars(arch, { cc: 'cc', hostCc: 'hostcc' }),
      tools: hostToolPaths(component),
    }),
    kernel: kernelKey,
  }
  const entry = await store.ensure(`native-${name}`, inputs, async (out) => {
    const copy = join(out, 'src')
    await cp(source, copy, { recursive: true, filter: (path) => !skip(relative(source, path)) })
    // Sources from a read-only tree (a Nix store path) stay read-only when copied; make writes beside them.
    await runTool('chmod', ['-R', 'u+w', copy], { what: `make ${name} sources writable` })
    const args = makeArgs(component, {
      cc,
      kernelTree: kernel?.buildTree ?? '',
      kbuild,
      tools: hostToolPaths(component),
    })
    await runTool(tool('make'), ['-s', '-C', copy, ...args], { what: `build ${name}` })
  })
  return Object.fromEntries(
    Object.entries(component.outputs).map(([guestName, path]) => [guestName, join(entry.path, 'src', path)]),
  )
}

/** The component's host tools by name, resolved: what its {TOOL} placeholders stand for. */
function hostToolPaths(component: NativeComponent): Record<string, string> {
  return Object.fromEntries(component.hostTools.map((name) => [name, tool(name)]))
}

/** A module builds only against a kernel with loadable modules; say which kernels to use instead of failing inside kbuild. */
function checkKernelHasModules(name: string, arch: ArchLowering, kernel: Kernel | undefined): void {
  if (kernel?.modules) return
  const withModules = listKernels().filter((k) => {
    const spec = loadKernel(k)
    return spec.arch === arch.name && spec.fragments.some((f) => f.name === 'modules')
  })
  throw new UsageError(
    `${name} is a kernel module: boot it with a kernel that has CONFIG_MODULES=y (${withModules.map((k) => `--kernel ${k}`).join(', ') || 'a definition with the modules fragment'})${kernel ? `, not ${kernel.name}` : ''}`,
  )
}

/** Build output, and what .gitignore ignores inside a component (build/, scratch/, *.o): neither copied nor keyed. */
export function isBuildOutput(relativePath: string): boolean {
  return relativePath.split('/').some((part) => part === 'build' || part === 'scratch') || relativePath.endsWith('.o')
}

/** What of a component's directory is no build input: build output, and what its notSources names (its TypeScript, roots, scenarios). */
export function notInputs(component: NativeComponent): (relativePath: string) => boolean {
  return (rel) => isBuildOutput(rel) || component.notSources.some((path) => rel === path || rel.startsWith(`${path}/`))
}

/**
 * Hashes of every file the build copies, by path: a Kbuild or script edit changes the key as a .c edit does.
 * Each is the store's fingerprint, so an unchanged file is not read again.
 */
export async function sourceHashes(
  dir: string,
  store: Store,
  skip: (relativePath: string) => boolean = isBuildOutput,
): Promise<Record<string, string>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    // The declaration is keyed as what it says (make arguments, libraries, tools), not as bytes.
    .filter((path) => !skip(relative(dir, path)) && relative(dir, path) !== DECLARATION)
  const hashes = await Promise.all(files.map(async (path) => [relative(dir, path), await store.fingerprint(path)]))
  return Object.fromEntries(hashes.sort(([a], [b]) => (a < b ? -1 : 1)))
}
