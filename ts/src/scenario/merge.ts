// `vmgate report merge`: the summaries of shards (or of any runs) read back
// and merged into one report, as if one run had done all of it. A scenario
// seen in several summaries has all their runs, so one that passed in one
// shard and failed in another is flaky.
import { readFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import * as z from 'zod'
import { UsageError } from '../errors.js'
import { scenarioOutcomes, type ScenarioOutcome, type SummaryRun } from './report.js'

const Run = z.looseObject({
  repeat: z.number().int().positive(),
  seed: z.number().int(),
  passed: z.boolean(),
  infra: z.boolean().default(false),
  problems: z.array(z.string()),
  durationMs: z.number(),
})

const Summary = z.looseObject({
  runId: z.string(),
  scenarios: z.array(z.looseObject({ name: z.string(), runs: z.array(Run) })),
})

export interface Merged {
  runIds: string[]
  outcomes: ScenarioOutcome<SummaryRun>[]
}

/** `dirs`: results dirs holding a summary.json each (a run's dir, or a `latest` link). */
export async function mergeSummaries(dirs: string[]): Promise<Merged> {
  if (dirs.length === 0) throw new UsageError('report merge: name at least one results dir holding a summary.json')
  const summaries = await Promise.all(dirs.map((dir) => readSummary(dir)))
  const runs = summaries.flatMap((s) =>
    s.scenarios.flatMap((scenario) => scenario.runs.map((run): SummaryRun => ({ ...run, name: scenario.name }))),
  )
  const names = [...new Set(summaries.flatMap((s) => s.scenarios.map((scenario) => scenario.name)))].map((name) => ({
    name,
  }))
  return { runIds: summaries.map((s) => s.runId), outcomes: scenarioOutcomes(names, runs) }
}

/** Mean run time per scenario in an earlier summary (a summary.json, or the results dir holding it), for --shard. */
export async function durationsFrom(path: string): Promise<Map<string, number>> {
  const summary = await readSummary(
    path.endsWith('.json') ? dirname(path) : path,
    basename(path.endsWith('.json') ? path : 'summary.json'),
  )
  return new Map(
    summary.scenarios
      .filter((s) => s.runs.length > 0)
      .map((s) => [s.name, s.runs.reduce((sum, r) => sum + r.durationMs, 0) / s.runs.length]),
  )
}

async function readSummary(dir: string, name = 'summary.json'): Promise<z.output<typeof Summary>> {
  const file = join(dir, name)
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`${file}: no such summary; give the results dir of a scenario run (or its summary.json)`)
  })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${file}: not JSON: ${(error as Error).message}`)
  }
  const parsed = Summary.safeParse(json)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new UsageError(`${file}: ${issue.path.join('.') || 'summary'}: ${issue.message}`)
}
