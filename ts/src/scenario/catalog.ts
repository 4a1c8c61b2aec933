// Where scenarios come from: the lab's own (ts/scenarios/) and the projects'
// extensions (project/extensions.ts), or a module of the user's that exports
// `scenarios`, checked on entry so that a malformed one is a usage error
// naming the scenario and the field, not a crash mid-run.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as z from 'zod'
import { UsageError } from '../errors.js'
import { projectExtensions } from '../project/extensions.js'
import type { Scenario } from './scenario.js'

// The topology itself is checked by parseTopology before anything boots.
const ScenarioShape = z.looseObject({
  name: z.string().min(1),
  description: z.string(),
  tags: z.array(z.string()),
  topology: z.looseObject({ nodes: z.record(z.string(), z.unknown()) }),
  script: z.function().optional(),
  check: z.function().optional(),
  expect: z.record(z.string(), z.enum(['pass', 'skip', 'fail', 'timeout', 'panic', 'infra'])).optional(),
})

export async function loadCatalog(file?: string): Promise<Scenario[]> {
  if (!file) return projectCatalog()
  const path = resolve(file)
  if (!existsSync(path))
    throw new UsageError(`--catalog ${file}: no such file; give a .mjs or .js module that exports 'scenarios'`)
  const module = (await import(pathToFileURL(path).href)) as { scenarios?: unknown }
  if (!Array.isArray(module.scenarios)) throw new UsageError(`--catalog ${file}: it exports no 'scenarios' array`)
  return checked(module.scenarios, `--catalog ${file}`)
}

/** Each entry checked on entry: a malformed one names `where`, the scenario and the field. */
function checked(entries: unknown[], where: string): Scenario[] {
  return entries.map((entry: unknown, i) => {
    const parsed = ScenarioShape.safeParse(entry)
    if (parsed.success) return entry as Scenario
    const issue = parsed.error.issues[0]
    const name = (entry as { name?: unknown })?.name
    throw new UsageError(
      `${where}: scenario ${typeof name === 'string' ? `'${name}'` : `#${i + 1}`}: ${issue.path.join('.') || 'scenario'}: ${issue.message}`,
    )
  })
}

/** The lab's scenarios, then each project extension's; one name twice is an error naming it. */
async function projectCatalog(): Promise<Scenario[]> {
  const all = [...(await import('../../scenarios/index.js')).scenarios]
  for (const { where, extension } of await projectExtensions())
    all.push(...checked((await extension.scenarios?.()) ?? [], where))
  const seen = new Set<string>()
  for (const { name } of all) {
    if (seen.has(name))
      throw new UsageError(`scenario '${name}' is declared twice (the lab's and a project's); rename one`)
    seen.add(name)
  }
  return all
}

/** `scenario list --json`, which nix/scenarios.json must equal (the flake makes a check per entry). */
export function scenarioListJson(scenarios: Pick<Scenario, 'name' | 'tags' | 'description'>[]): string {
  return (
    JSON.stringify(
      scenarios.map(({ name, tags, description }) => ({ name, tags, description })),
      null,
      2,
    ) + '\n'
  )
}
