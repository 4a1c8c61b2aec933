// Named roots, NAME.json in a directory a project lists (vmgate.toml's
// project.roots): what goes on top of the busybox base. Host tools resolve
// through the toolchain contract (an env var or the Debian path) and come with
// the shared libraries ldd names for them.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import * as z from 'zod'
import { UsageError } from '../errors.js'
import { nativeComponent } from '../native/components.js'
import { projects } from '../project/project.js'
import { TOOLS } from '../toolchain/tools.js'

const RootDefinition = z.strictObject({
  description: z.string(),
  /** Tools from the toolchain table, put at their Debian path in the guest, with their libraries. */
  hostTools: z.array(z.string()).default([]),
  hostFiles: z.array(z.string().startsWith('/')).default([]),
  /** Native components (declared in pkgs/*\/components.json, roots/*\/components.json), built static for the guest (programs into /usr/local/bin, modules into /lib/modules). */
  native: z.array(z.string()).default([]),
  /** Directories (from the declaring project's directory) of guest programs: every file in each goes to /usr/local/bin as it is. */
  scripts: z.array(z.string()).default([]),
})

export interface RootSpec extends z.output<typeof RootDefinition> {
  name: string
  /** Where `scripts` start: the declaring project's directory. */
  projectDir: string
  /** It carries a native component built against the guest's kernel (a module). */
  buildsAgainstKernel: boolean
}

interface RootFile {
  file: string
  projectDir: string
}

/** Every root the projects declare: name → its file; one name declared twice is an error naming both. */
export function rootFiles(): Map<string, RootFile> {
  const found = new Map<string, RootFile>()
  for (const project of projects()) {
    for (const dir of project.roots) {
      for (const entry of readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()) {
        const file = join(dir, entry)
        const name = entry.slice(0, -5)
        const other = found.get(name)
        if (other) throw new UsageError(`${file}: root '${name}' is also declared in ${other.file}; rename one`)
        found.set(name, { file, projectDir: project.dir })
      }
    }
  }
  return found
}

export function listRoots(): string[] {
  return [...rootFiles().keys()].sort()
}

export function loadRoot(name: string): RootSpec {
  const found = rootFiles().get(name)
  if (!found)
    throw new UsageError(
      `unknown root '${name}'; known: ${listRoots().join(', ')} (NAME.json in a directory a vmgate.toml's project.roots lists)`,
    )
  const { file, projectDir } = found
  const parsed = RootDefinition.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new UsageError(`${file}: ${z.prettifyError(parsed.error)}`)
  const unknown = parsed.data.hostTools.filter((tool) => !TOOLS.some((t) => t.name === tool))
  if (unknown.length > 0)
    throw new UsageError(
      `${file}: hostTools ${unknown.join(', ')} not in the toolchain table (ts/src/toolchain/tools.ts)`,
    )
  const components = parsed.data.native.map((name) => nativeComponent(name, `${file}: native`))
  const missing = parsed.data.scripts.filter(
    (dir) => !statSync(resolve(projectDir, dir), { throwIfNoEntry: false })?.isDirectory(),
  )
  if (missing.length > 0)
    throw new UsageError(`${file}: scripts ${missing.join(', ')} not a directory under ${projectDir}`)
  return { name, projectDir, ...parsed.data, buildsAgainstKernel: components.some((c) => c.needsKernel) }
}
