// Runs scenarios in parallel, bounded by cores and memory, each as many times
// as asked (a scenario that both passed and failed is flaky), shows progress,
// writes results/<run-id>/ (node logs, pcaps, summary.json, junit.xml) and
// points results/latest at it.
import { writeFile } from 'node:fs/promises'
import { availableParallelism, freemem } from 'node:os'
import { join } from 'node:path'
import { Interrupted } from '../errors.js'
import type { LogSink } from '../log.js'
import { newRunDir, pointLatest } from '../results.js'
import { runTopology } from './topology-run.js'
import { parseTopology, type Topology } from '../net/topology.js'
import type { Store } from '../store/store.js'
import type { AccelRequest } from '../vm/accel.js'
import { judge, type Scenario } from './scenario.js'
import {
  formatPhases,
  junitXml,
  phaseBreakdown,
  scenarioOutcomes,
  summaryJson,
  type ScenarioOutcome,
  type ScenarioResult,
} from './report.js'

export interface RunOptions {
  store: Store
  log: LogSink
  accel: AccelRequest
  /** The first run's seed; repeat k runs with seed + k - 1, so repeats also vary the impairments. */
  seed: number
  resultsRoot: string
  concurrency?: number
  /** Runs of each scenario (default 1). */
  repeat?: number
  /** Start no new run once one has failed. */
  untilFail?: boolean
  signal?: AbortSignal
  verbose?: boolean
  /** Boot every node for real (no snapshots). */
  cold?: boolean
  onResult?: (result: ScenarioResult) => void
}

export interface RunSummary {
  runId: string
  dir: string
  /** Every run, in the order they were scheduled. */
  results: ScenarioResult[]
  /** Per scenario that ran: pass, fail or flaky, with counts. */
  outcomes: ScenarioOutcome[]
}

// A 256 MiB guest plus qemu's own memory, rounded up.
const NODE_MEMORY = 400 * 1024 * 1024

export function defaultConcurrency(scenarios: Scenario[]): number {
  const widest = Math.max(1, ...scenarios.map((s) => Object.keys(s.topology.nodes).length))
  const byMemory = Math.floor((freemem() * 0.8) / (widest * NODE_MEMORY))
  return Math.max(1, Math.min(availableParallelism(), byMemory))
}

interface Job {
  scenario: Scenario
  topology: Topology
  repeat: number
}

export async function runScenarios(scenarios: Scenario[], options: RunOptions): Promise<RunSummary> {
  // Every topology is checked before any guest boots.
  const topologies = scenarios.map((s) => parseTopology({ ...s.topology, name: topologyName(s.name) }))
  const repeat = Math.max(1, options.repeat ?? 1)
  // Round by round, so a flake shows early and every scenario gets its runs.
  const jobs: Job[] = Array.from({ length: repeat }, (_, r) =>
    scenarios.map((scenario, i) => ({ scenario, topology: topologies[i], repeat: r + 1 })),
  ).flat()
  const { runId, dir } = await newRunDir(options.resultsRoot)
  await pointLatest(options.resultsRoot, 'latest', runId)
  const results: ScenarioResult[] = []
  let next = 0
  let running = 0
  const failedOnce = () => options.untilFail === true && results.some((r) => !r.passed)
  const worker = async () => {
    while (next < jobs.length && !options.signal?.aborted && !failedOnce()) {
      const job = jobs[next++]
      running++
      progress(options.log, job, 'started', results, jobs.length, running, repeat)
      const result = await runOne(job, resultDir(dir, job, repeat), options)
      results.push(result)
      running--
      options.onResult?.(result)
      progress(options.log, job, result.passed ? 'passed' : 'failed', results, jobs.length, running, repeat, result)
    }
  }
  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency(scenarios))
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker))
  if (options.signal?.aborted) throw options.signal.reason
  const outcomes = scenarioOutcomes(scenarios, results)
  await writeFile(join(dir, 'summary.json'), summaryJson({ runId, seed: options.seed, repeat }, outcomes))
  await writeFile(join(dir, 'junit.xml'), junitXml(outcomes))
  return { runId, dir, results, outcomes }
}

async function runOne(job: Job, resultsDir: string, options: RunOptions): Promise<ScenarioResult> {
  const { scenario, repeat } = job
  const seed = options.seed + repeat - 1
  const started = performance.now()
  const run = { name: scenario.name, repeat, seed, resultsDir }
  try {
    const report = await runTopology(job.topology, {
      store: options.store,
      log: options.log,
      accel: options.accel,
      seed,
      resultsDir,
      signal: options.signal,
      verbose: options.verbose,
      cold: options.cold,
      script: scenario.script,
    })
    const problems = judge(scenario, report)
    const infra = report.nodes.some((node) => node.classification.kind === 'infra')
    const durationMs = performance.now() - started
    return {
      ...run,
      passed: problems.length === 0,
      infra,
      problems,
      durationMs,
      report,
      phases: phaseBreakdown(report, started, durationMs),
    }
  } catch (error) {
    if (error instanceof Interrupted || options.signal?.aborted) throw error
    return {
      ...run,
      passed: false,
      infra: true,
      problems: [`infrastructure: ${(error as Error)?.message ?? error}`],
      durationMs: performance.now() - started,
    }
  }
}

function progress(
  log: LogSink,
  job: Job,
  status: 'started' | 'passed' | 'failed',
  results: ScenarioResult[],
  total: number,
  running: number,
  repeat: number,
  result?: ScenarioResult,
): void {
  const name = repeat > 1 ? `${job.scenario.name} #${job.repeat}` : job.scenario.name
  // With repeats, each finished run also shows where its scenario stands.
  const own = results.filter((r) => r.name === job.scenario.name)
  const tally =
    result && repeat > 1
      ? `${own.filter((r) => r.passed).length} passed, ${own.filter((r) => !r.passed).length} failed of ${repeat}`
      : undefined
  log({
    kind: 'scenario',
    name,
    status,
    done: results.length,
    total,
    running,
    ms: result?.durationMs,
    phases: result?.phases && formatPhases(result.phases),
    tally,
  })
}

/** `<run>/<scenario>/`, or `<run>/<scenario>/<k>/` when scenarios repeat. */
function resultDir(runDir: string, job: Job, repeat: number): string {
  const scenarioDir = join(runDir, safeDirName(job.scenario.name))
  return repeat > 1 ? join(scenarioDir, String(job.repeat)) : scenarioDir
}

function topologyName(name: string): string {
  return (
    name
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32) || 'scenario'
  )
}

function safeDirName(name: string): string {
  return name.replace(/[^A-Za-z0-9._=,-]+/g, '_')
}
