// Runs scenarios into a results dir that the test removes when it ends.
import type { Test } from 'tap'
import { silentSink } from '../../src/log.js'
import type { ScenarioResult } from '../../src/scenario/report.js'
import { runScenarios } from '../../src/scenario/runner.js'
import type { Scenario } from '../../src/scenario/scenario.js'
import { Store } from '../../src/store/store.js'
import { tempDir } from './temp.js'

export async function runInTemp(
  t: Test,
  list: Scenario[],
  options: { seed?: number; concurrency?: number } = {},
): Promise<ScenarioResult[]> {
  const resultsRoot = await tempDir(t, 'vmgate-results-')
  const summary = await runScenarios(list, {
    store: Store.fromEnv(),
    log: silentSink,
    accel: 'auto',
    seed: options.seed ?? 1,
    resultsRoot,
    concurrency: options.concurrency,
  })
  return summary.results
}
