// Native components are declared next to their sources: a components.json in
// a directory under pkgs/ or roots/ names what that directory's Makefile
// builds, with make arguments as data whose placeholders the build fills in.
// The lab finds them here and knows none of them by name.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { UsageError } from '../errors.js'
import { projectRoot } from '../paths.js'
import { TOOLS } from '../toolchain/tools.js'

export const DECLARATION = 'components.json'
/** Where declarations are looked for: DIR/*\/components.json under the project root. */
const SEARCH_DIRS = ['pkgs', 'roots']

const STATIC_LIBS = ['libc', 'libcrypto', 'libbpf', 'libelf', 'libz'] as const
// Whole-argument placeholder: kbuild's variables (arch, cross prefix), several arguments.
const KBUILD = '{kbuild}'

const Component = z.strictObject({
  description: z.string(),
  /**
   * Make arguments. {cc} is the guest's compiler, {TOOL} a host tool of hostTools;
   * with needsKernel, {kernelTree} is the kernel's build tree and an argument {kbuild} kbuild's variables.
   */
  make: z.array(z.string()),
  /** What the build leaves: path in the guest → path relative to the component's directory. */
  outputs: z.record(z.string().regex(/^[^/]/, 'a guest path without the leading /'), z.string()),
  /** Static libraries linked in (the arch's toolchain entries for them are part of the key). */
  staticLibs: z.array(z.enum(STATIC_LIBS)).default(['libc']),
  /** Host programs the build runs besides the compiler (toolchain names; their identities are keyed). */
  hostTools: z.array(z.string()).default([]),
  /** Built against the guest's kernel (a module): the kernel's store key is part of the key. */
  needsKernel: z.boolean().default(false),
})

const Declaration = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a-z, 0-9 and -'), Component)

export interface NativeComponent extends z.output<typeof Component> {
  name: string
  /** Directory under the project root holding the Makefile (and the declaration). */
  dir: string
}

let found: Map<string, NativeComponent> | undefined

/** Every declared component, by name. */
export function nativeComponents(): Map<string, NativeComponent> {
  found ??= discover(projectRoot())
  return found
}

export function nativeComponent(name: string, where = 'native'): NativeComponent {
  const component = nativeComponents().get(name)
  if (!component)
    throw new UsageError(
      `${where}: unknown native component '${name}'; declared: ${[...nativeComponents().keys()].sort().join(', ')} (${SEARCH_DIRS.map((d) => `${d}/*/${DECLARATION}`).join(', ')})`,
    )
  return component
}

/** The make arguments with their placeholders filled in. */
export function makeArgs(
  component: NativeComponent,
  values: { cc: string; kernelTree: string; kbuild: string[]; tools: Record<string, string> },
): string[] {
  const words: Record<string, string> = { ...values.tools, cc: values.cc, kernelTree: values.kernelTree }
  return component.make.flatMap((arg) =>
    arg === KBUILD ? values.kbuild : [arg.replace(/\{(\w+)\}/g, (_, name: string) => words[name])],
  )
}

export function discover(root: string): Map<string, NativeComponent> {
  const components = new Map<string, NativeComponent>()
  for (const base of SEARCH_DIRS) {
    if (!existsSync(join(root, base))) continue
    for (const entry of readdirSync(join(root, base), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const file = join(root, base, entry.name, DECLARATION)
      if (!entry.isDirectory() || !existsSync(file)) continue
      for (const component of load(file, join(base, entry.name))) {
        const other = components.get(component.name)
        if (other)
          throw new UsageError(
            `${file}: component '${component.name}' is also declared in ${join(root, other.dir, DECLARATION)}; rename one`,
          )
        components.set(component.name, component)
      }
    }
  }
  return components
}

function load(file: string, dir: string): NativeComponent[] {
  const parsed = Declaration.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new UsageError(`${file}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`)
  return Object.entries(parsed.data).map(([name, spec]) => {
    const problem = placeholderProblem(spec) ?? toolProblem(spec)
    if (problem) throw new UsageError(`${file}: ${name}: ${problem}`)
    return { name, dir, ...spec }
  })
}

function placeholderProblem(spec: z.output<typeof Component>): string | undefined {
  const known = ['cc', ...spec.hostTools, ...(spec.needsKernel ? ['kernelTree'] : [])]
  for (const arg of spec.make) {
    if (arg === KBUILD) {
      if (!spec.needsKernel) return `make: ${KBUILD} is for a component with needsKernel: true`
      continue
    }
    for (const [, name] of arg.matchAll(/\{(\w+)\}/g))
      if (!known.includes(name))
        return `make: unknown placeholder {${name}} in '${arg}'; known: ${[...known, ...(spec.needsKernel ? ['kbuild'] : [])].map((k) => `{${k}}`).join(', ')}${spec.hostTools.length === 0 ? ' (a host tool is one once it is in hostTools)' : ''}`
  }
  return undefined
}

function toolProblem(spec: z.output<typeof Component>): string | undefined {
  const unknown = spec.hostTools.filter((tool) => !TOOLS.some((t) => t.name === tool))
  return unknown.length > 0
    ? `hostTools ${unknown.join(', ')} not in the toolchain table (ts/src/toolchain/tools.ts)`
    : undefined
}
