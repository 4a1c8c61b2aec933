// Runs scenarios in parallel, bounded by cores and memory, shows progress,
// writes results/<run-id>/ (node logs, pcaps, summary.json, junit.xml) and
// points results/latest at it.
import { writeFile } from 'node:fs/promises'
import { availableParallelism, freemem } from 'node:os'
import { join } from 'node:path'
import { Interrupted } from '../errors.js'
import type { LogSink } from '../log.js'
import { newRunDir, pointLatest } from '../results.js'
import { runTopology } from '../net/run-topology.js'
import { parseTopology } from '../net/topology.js'
import type { Store } from '../store/store.js'
import type { AccelRequest } from '../vm/accel.js'
import { judge, type Scenario } from './scenario.js'
import { formatPhases, junitXml, phaseBreakdown, summaryJson, type ScenarioResult } from './report.js'

export interface RunOptions {
  store: Store
  log: LogSink
  accel: AccelRequest
  seed: number
  resultsRoot: string
  concurrency?: number
  signal?: AbortSignal
  verbose?: boolean
  onResult?: (result: ScenarioResult) => void
}

export interface RunSummary {
  runId: string
  dir: string
  results: ScenarioResult[]
}

// A 256 MiB guest plus qemu's own memory, rounded up.
const NODE_MEMORY = 400 * 1024 * 1024

export function defaultConcurrency(scenarios: Scenario[]): number {
  const widest = Math.max(1, ...scenarios.map((s) => Object.keys(s.topology.nodes).length))
  const byMemory = Math.floor((freemem() * 0.8) / (widest * NODE_MEMORY))
  return Math.max(1, Math.min(availableParallelism(), byMemory))
}

export async function runScenarios(scenarios: Scenario[], options: RunOptions): Promise<RunSummary> {
  // Every topology is checked before any guest boots.
  const topologies = scenarios.map((s) => parseTopology({ ...s.topology, name: s.name.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32) || 'scenario' }))
  const { runId, dir } = await newRunDir(options.resultsRoot)
  await pointLatest(options.resultsRoot, 'latest', runId)
  const results: ScenarioResult[] = new Array(scenarios.length)
  let next = 0
  let running = 0
  const worker = async () => {
    while (next < scenarios.length && !options.signal?.aborted) {
      const index = next++
      running++
      progress(options.log, scenarios[index].name, 'started', results, running)
      results[index] = await runOne(scenarios[index], topologies[index], join(dir, safeDirName(scenarios[index].name)), options)
      running--
      options.onResult?.(results[index])
      const result = results[index]
      progress(options.log, result.name, result.passed ? 'passed' : 'failed', results, running, result.durationMs, result.phases && formatPhases(result.phases))
    }
  }
  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency(scenarios))
  await Promise.all(Array.from({ length: Math.min(concurrency, scenarios.length) }, worker))
  if (options.signal?.aborted) throw options.signal.reason
  await writeFile(join(dir, 'summary.json'), summaryJson(runId, options.seed, results))
  await writeFile(join(dir, 'junit.xml'), junitXml(results))
  return { runId, dir, results }
}

async function runOne(scenario: Scenario, topology: ReturnType<typeof parseTopology>, resultsDir: string, options: RunOptions): Promise<ScenarioResult> {
  const started = performance.now()
  try {
    const report = await runTopology(topology, { store: options.store, log: options.log, accel: options.accel, seed: options.seed, resultsDir, signal: options.signal, verbose: options.verbose, script: scenario.script })
    const problems = judge(scenario, report)
    const infra = report.nodes.some((node) => node.classification.kind === 'infra')
    const durationMs = performance.now() - started
    return { name: scenario.name, passed: problems.length === 0, infra, problems, durationMs, resultsDir, report, phases: phaseBreakdown(report, started, durationMs) }
  } catch (error) {
    if (error instanceof Interrupted || options.signal?.aborted) throw error
    return { name: scenario.name, passed: false, infra: true, problems: [`infrastructure: ${(error as Error)?.message ?? error}`], durationMs: performance.now() - started, resultsDir }
  }
}

function progress(log: LogSink, name: string, status: 'started' | 'passed' | 'failed', results: ScenarioResult[], running: number, ms?: number, phases?: string): void {
  log({ kind: 'scenario', name, status, done: results.filter(Boolean).length, total: results.length, running, ms, phases })
}

function safeDirName(name: string): string {
  return name.replace(/[^A-Za-z0-9._=,-]+/g, '_')
}
