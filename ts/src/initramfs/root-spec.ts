// Named roots under roots/NAME.json: what goes on top of the busybox base.
// Host tools resolve through the toolchain contract (an env var or the Debian
// path) and come with the shared libraries ldd names for them.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { UsageError } from '../errors.js'
import { nativeComponent } from '../native/components.js'
import { projectRoot } from '../paths.js'
import { TOOLS } from '../toolchain/tools.js'

const RootDefinition = z.strictObject({
  description: z.string(),
  /** Tools from the toolchain table, put at their Debian path in the guest, with their libraries. */
  hostTools: z.array(z.string()).default([]),
  hostFiles: z.array(z.string().startsWith('/')).default([]),
  /** Native components (declared in pkgs/*\/components.json, roots/*\/components.json), built static for the guest (programs into /usr/local/bin, modules into /lib/modules). */
  native: z.array(z.string()).default([]),
  /** Directories (from the project root) of guest programs: every file in each goes to /usr/local/bin as it is. */
  scripts: z.array(z.string()).default([]),
})

export interface RootSpec extends z.output<typeof RootDefinition> {
  name: string
  /** It carries a native component built against the guest's kernel (a module). */
  buildsAgainstKernel: boolean
}

export function listRoots(): string[] {
  return readdirSync(join(projectRoot(), 'roots'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort()
}

export function loadRoot(name: string): RootSpec {
  const file = join(projectRoot(), 'roots', `${name}.json`)
  if (!existsSync(file)) throw new UsageError(`unknown root '${name}': no ${file}; known: ${listRoots().join(', ')}`)
  const parsed = RootDefinition.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) throw new UsageError(`${file}: ${z.prettifyError(parsed.error)}`)
  const unknown = parsed.data.hostTools.filter((tool) => !TOOLS.some((t) => t.name === tool))
  if (unknown.length > 0)
    throw new UsageError(
      `${file}: hostTools ${unknown.join(', ')} not in the toolchain table (ts/src/toolchain/tools.ts)`,
    )
  const components = parsed.data.native.map((name) => nativeComponent(name, `${file}: native`))
  const missing = parsed.data.scripts.filter(
    (dir) => !statSync(resolve(projectRoot(), dir), { throwIfNoEntry: false })?.isDirectory(),
  )
  if (missing.length > 0)
    throw new UsageError(`${file}: scripts ${missing.join(', ')} not a directory under ${projectRoot()}`)
  return { name, ...parsed.data, buildsAgainstKernel: components.some((c) => c.needsKernel) }
}
