// Small statistics for benchmarks (they report ratios measured side by side),
// and the one way a bench runs a scenario: alone and quietly.
import { silentSink } from '../src/log.js'
import type { ScenarioResult } from '../src/scenario/report.js'
import { runScenarios } from '../src/scenario/runner.js'
import type { Scenario } from '../src/scenario/scenario.js'
import { Store } from '../src/store/store.js'

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

export interface BenchOptions {
  /** Runs (rounds) per measured path; each bench has its own default. */
  runs?: number
  /** Where benches that write reports put them. */
  results: string
  /** The vmgate CLI to time, for benches that run it as a user would. */
  cli: string
  /** Ctrl-C: stops the bench between (and, where it can, inside) measured runs. */
  signal?: AbortSignal
}

/** One run of `scenario`, alone on the machine, its results under `resultsRoot`. */
export async function runAlone(scenario: Scenario, resultsRoot: string, signal?: AbortSignal): Promise<ScenarioResult> {
  const summary = await runScenarios([scenario], {
    store: Store.fromEnv(),
    log: silentSink,
    accel: 'auto',
    seed: 1,
    resultsRoot,
    concurrency: 1,
    signal,
  })
  return summary.results[0]
}
