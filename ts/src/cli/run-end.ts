// How a run of scenarios (`scenario run`, `vmgate test`) ends on the terminal:
// summary.json on stdout with --json, each scenario that did not pass, where
// the results are, the closing lines, and the exit code.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { exitCodeFor } from '../errors.js'
import { closingLines, describeOutcome } from '../scenario/report.js'
import type { RunSummary } from '../scenario/runner.js'

export function endOfRun(summary: RunSummary, json: boolean): number {
  if (json) process.stdout.write(readFileSync(join(summary.dir, 'summary.json'), 'utf8'))
  for (const outcome of summary.outcomes.filter((o) => o.status !== 'pass')) {
    process.stderr.write(`${outcome.name}: ${describeOutcome(outcome)}\n`)
  }
  process.stderr.write(`results: ${summary.dir}\n`)
  // With --json, stdout is the summary alone.
  ;(json ? process.stderr : process.stdout).write(closingLines(summary.outcomes).join('\n') + '\n')
  return exitCodeFor(summary.outcomes.map((o) => ({ failed: o.status !== 'pass', infra: o.infra })))
}
