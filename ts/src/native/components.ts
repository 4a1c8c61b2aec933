// Native components are declared next to their sources: a components.json in
// a directory a project lists (vmgate.toml's project.components) names what
// that directory's Makefile builds, with make arguments as data whose
// placeholders the build fills in. The lab finds them here and knows none of
// them by name.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as z from 'zod'
import { UsageError } from '../errors.js'
import { projects, type Project } from '../project/project.js'
import { TOOLS } from '../toolchain/tools.js'

export const DECLARATION = 'components.json'

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
  /**
   * Host programs the component's tests, suites and benches run (toolchain
   * names): no build input, so not keyed; `vmgate doctor` lists them under the component.
   */
  testTools: z.array(z.string()).default([]),
  /** Paths in the directory that are no build input (its TypeScript, roots, scenarios): neither copied nor keyed. */
  notSources: z.array(z.string().regex(/^[^/]/, 'a path relative to the directory')).default([]),
})

const Declaration = z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a-z, 0-9 and -'), Component)

export interface NativeComponent extends z.output<typeof Component> {
  name: string
  /** The directory holding the Makefile (and the declaration), absolute. */
  dir: string
}

let found: { files: string; components: Map<string, NativeComponent> } | undefined

/** Every component the projects declare, by name. */
export function nativeComponents(): Map<string, NativeComponent> {
  const from = projects()
  const files = from.map((p) => p.file).join('\n')
  if (found?.files !== files) found = { files, components: discover(from) }
  return found.components
}

export function nativeComponent(name: string, where = 'native'): NativeComponent {
  const component = nativeComponents().get(name)
  if (!component)
    throw new UsageError(
      `${where}: unknown native component '${name}'; declared: ${[...nativeComponents().keys()].sort().join(', ')} (in the ${DECLARATION} of each directory a vmgate.toml's project.components lists)`,
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

export function discover(from: Pick<Project, 'file' | 'components'>[]): Map<string, NativeComponent> {
  const components = new Map<string, NativeComponent>()
  for (const project of from) {
    for (const dir of project.components) {
      const file = join(dir, DECLARATION)
      if (!existsSync(file))
        throw new UsageError(`${project.file}: project.components: ${dir} has no ${DECLARATION}; write one or drop it`)
      for (const component of load(file, dir)) {
        const other = components.get(component.name)
        if (other)
          throw new UsageError(
            `${file}: component '${component.name}' is also declared in ${join(other.dir, DECLARATION)}; rename one`,
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
  for (const key of ['hostTools', 'testTools'] as const) {
    const unknown = spec[key].filter((tool) => !TOOLS.some((t) => t.name === tool))
    if (unknown.length > 0) return `${key} ${unknown.join(', ')} not in the toolchain table (ts/src/toolchain/tools.ts)`
  }
  return undefined
}
