// Runs scenarios into a results dir that the test removes when it ends.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { silentSink } from '../../src/log.js'
import type { ScenarioResult } from '../../src/scenario/report.js'
import { runScenarios } from '../../src/scenario/runner.js'
import type { Scenario } from '../../src/scenario/scenario.js'
import { Store } from '../../src/store/store.js'

export async function runInTemp(t: Test, list: Scenario[], options: { seed?: number; concurrency?: number } = {}): Promise<ScenarioResult[]> {
  const resultsRoot = await mkdtemp(join(tmpdir(), 'vmgate-results-'))
  t.teardown(() => rm(resultsRoot, { recursive: true, force: true }))
  const summary = await runScenarios(list, { store: Store.fromEnv(), log: silentSink, accel: 'auto', seed: options.seed ?? 1, resultsRoot, concurrency: options.concurrency })
  return summary.results
}
