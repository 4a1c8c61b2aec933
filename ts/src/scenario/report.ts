// What a scenario run leaves behind: summary.json and junit.xml beside the
// per-node logs and link pcaps, and what a person reads on the terminal.
import type { Direction, LinkCounters } from '../net/link-protocol.js'
import type { TopologyReport } from './topology-run.js'

/** What the reports need of a run: a ScenarioResult has it, and so does a run read back from a summary.json. */
export interface RunRecord {
  name: string
  /** Which run of the scenario this was, from 1. */
  repeat: number
  /** The seed its emulated links used. */
  seed: number
  passed: boolean
  /** The lab failed (a qemu that did not start, a build), not the test: exit 3. */
  infra: boolean
  problems: string[]
  durationMs: number
}

/** One run of a scenario. */
export interface ScenarioResult extends RunRecord {
  resultsDir: string
  report?: TopologyReport
  /** Where the time went, in order; see phaseBreakdown. */
  phases?: Phase[]
}

/** A scenario over all its runs: `flaky` when it both passed and failed. */
export interface ScenarioOutcome<R extends RunRecord = ScenarioResult> {
  name: string
  status: 'pass' | 'fail' | 'flaky'
  passes: number
  failures: number
  /** Any run failed because the lab did. */
  infra: boolean
  runs: R[]
}

export function scenarioOutcomes<R extends RunRecord>(
  scenarios: { name: string }[],
  results: R[],
): ScenarioOutcome<R>[] {
  return scenarios.flatMap(({ name }) => {
    const runs = results.filter((r) => r.name === name).sort((a, b) => a.repeat - b.repeat)
    if (runs.length === 0) return []
    const passes = runs.filter((r) => r.passed).length
    const failures = runs.length - passes
    const status: ScenarioOutcome['status'] = failures === 0 ? 'pass' : passes === 0 ? 'fail' : 'flaky'
    return [{ name, status, passes, failures, infra: runs.some((r) => !r.passed && r.infra), runs }]
  })
}

/** `pass`, or `flaky (3 passed, 1 failed of 4 runs)`. */
export function describeOutcome(o: ScenarioOutcome<RunRecord>): string {
  const total = o.passes + o.failures
  return total === 1 ? o.status : `${o.status} (${o.passes} passed, ${o.failures} failed of ${total} runs)`
}

/** The closing lines: per scenario status counts when scenarios repeat, then `N passed, N failed` over the runs. */
export function closingLines(outcomes: ScenarioOutcome<RunRecord>[]): string[] {
  const runs = outcomes.flatMap((o) => o.runs)
  const passed = runs.filter((r) => r.passed).length
  const last = `${passed} passed, ${runs.length - passed} failed`
  if (!runs.some((r) => r.repeat > 1)) return [last]
  const count = (status: ScenarioOutcome['status']) => outcomes.filter((o) => o.status === status).length
  return [
    `${outcomes.length} scenarios: ${count('pass')} pass, ${count('fail')} fail, ${count('flaky')} flaky (${runs.length} runs)`,
    last,
  ]
}

export interface Phase {
  name: string
  ms: number
}

// init's own marks are part of booting, and the runner's phase names can't be marks.
const NOT_PHASES = new Set(['init', 'crng', 'prepare', 'boot', 'end'])

/**
 * The scenario's wall time by phase, on one clock: `prepare` (artifacts, the
 * accel probe) until the first qemu starts, `boot` until the last node has
 * booted (ready-gated nodes boot one after another), then each mark a guest
 * sent with `vmgate-mark NAME`, in time order, each ending when the last node
 * to send it did, then `end` (checks, shutdown) to the scenario's end.
 */
export function phaseBreakdown(report: TopologyReport, startedAt: number, totalMs: number): Phase[] {
  const at = (node: TopologyReport['nodes'][number], ms: number | undefined) =>
    node.startedAt === undefined || ms === undefined ? undefined : node.startedAt + ms - startedAt
  const starts = report.nodes.map((n) => at(n, 0)).filter((ms) => ms !== undefined)
  const bootEnds = report.nodes.map((n) => at(n, n.timings.boot)).filter((ms) => ms !== undefined)
  const boundaries = new Map<string, number>()
  if (starts.length > 0) boundaries.set('prepare', Math.min(...starts))
  if (bootEnds.length > 0) boundaries.set('boot', Math.max(...bootEnds))
  for (const node of report.nodes) {
    for (const [name, ms] of Object.entries(node.marks)) {
      const when = at(node, ms)
      if (!NOT_PHASES.has(name) && when !== undefined) boundaries.set(name, Math.max(boundaries.get(name) ?? 0, when))
    }
  }
  let previous = 0
  const phases = [...boundaries]
    .sort(([, a], [, b]) => a - b)
    .map(([name, end]) => {
      const phase = { name, ms: end - previous }
      previous = end
      return phase
    })
  return [...phases, { name: 'end', ms: Math.max(0, totalMs - previous) }]
}

export function formatPhases(phases: Phase[]): string {
  return phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(2)}s`).join(' · ')
}

/** A run as summary.json keeps it: a record plus its logs' dir and what the topology reported. */
export interface SummaryRun extends RunRecord {
  resultsDir?: string
  [more: string]: unknown
}

export function summaryJson(run: { runId: string; seed: number; repeat: number }, outcomes: ScenarioOutcome[]): string {
  return renderSummary(
    run,
    outcomes.map((o) => ({ ...o, runs: o.runs.map(summaryRun) })),
  )
}

function summaryRun(r: ScenarioResult): SummaryRun {
  return {
    name: r.name,
    repeat: r.repeat,
    seed: r.seed,
    passed: r.passed,
    infra: r.infra,
    problems: r.problems,
    durationMs: Math.round(r.durationMs),
    resultsDir: r.resultsDir,
    accel: r.report?.accel,
    phases: r.phases?.map((p) => ({ name: p.name, ms: Math.round(p.ms) })),
    nodes: r.report?.nodes.map((n) => ({
      node: n.node,
      arch: n.arch,
      classification: n.classification,
      timings: n.timings,
      marks: n.marks,
      boot: n.boot && { mode: n.boot.mode, ...(n.boot.mode === 'cold' && { why: n.boot.why }) },
    })),
    links: r.report?.links,
  }
}

/** summary.json: counts over the runs, then each scenario with its status and its runs (their name is the scenario's). */
export function renderSummary(header: Record<string, unknown>, outcomes: ScenarioOutcome<SummaryRun>[]): string {
  const runs = outcomes.flatMap((o) => o.runs)
  return JSON.stringify(
    {
      ...header,
      passed: runs.filter((r) => r.passed).length,
      failed: runs.filter((r) => !r.passed).length,
      flaky: outcomes.filter((o) => o.status === 'flaky').length,
      scenarios: outcomes.map((o) => ({
        name: o.name,
        status: o.status,
        passed: o.status === 'pass',
        passes: o.passes,
        failures: o.failures,
        runs: o.runs.map(({ name: _name, ...run }) => run),
      })),
    },
    null,
    2,
  )
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A testcase per scenario; a flaky one is a failure that carries its counts and each failed run's problems. */
export function junitXml(outcomes: ScenarioOutcome<RunRecord>[]): string {
  const seconds = (runs: RunRecord[]) => runs.reduce((sum, r) => sum + r.durationMs, 0) / 1000
  const cases = outcomes.map((o) => {
    const open = `  <testcase classname="vmgate.scenario" name="${escapeXml(o.name)}" time="${seconds(o.runs).toFixed(3)}"`
    if (o.status === 'pass') return `${open}/>`
    const failed = o.runs.filter((r) => !r.passed)
    const message = o.status === 'flaky' ? `flaky: ${describeOutcome(o)}` : (failed[0].problems[0] ?? 'failed')
    const body = failed.map((r) => `run ${r.repeat} (seed ${r.seed}):\n${r.problems.join('\n')}`).join('\n')
    return `${open}>\n    <failure message="${escapeXml(message)}">${escapeXml(body)}</failure>\n  </testcase>`
  })
  const failures = outcomes.filter((o) => o.status !== 'pass').length
  const total = seconds(outcomes.flatMap((o) => o.runs))
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="vmgate" tests="${outcomes.length}" failures="${failures}" time="${total.toFixed(3)}">\n${cases.join('\n')}\n</testsuite>\n`
}

export function linkSummary(name: string, counters: Record<Direction, LinkCounters> | undefined): string {
  if (!counters) return `link ${name}: no counters (the link process did not answer)`
  const side = (d: Direction) => {
    const c = counters[d]
    return `${d} ${c.txFrames}/${c.rxFrames} frames delivered (loss ${c.droppedLoss}, cut ${c.droppedCut}, dup ${c.duplicated})`
  }
  return `link ${name}: ${side('ab')}; ${side('ba')}`
}

/** The exact command line that runs this one run again: its name, its seed, and the run's other `flags` (catalog, accel). */
export function rerunCommand(result: RunRecord, flags: string[] = []): string {
  const quoted = `'${result.name.replace(/'/g, `'\\''`)}'`
  return ['npx vmgate scenario run', quoted, '--seed', String(result.seed), ...flags].join(' ')
}

/**
 * The terminal account of a failed run: its problems, links, the failing
 * node's console tail and command output, and how to run it again.
 */
export function failureText(result: ScenarioResult, rerun = rerunCommand(result), tailLines = 150): string {
  const which = result.repeat > 1 ? ` (run ${result.repeat}, seed ${result.seed})` : ''
  const lines = [`✗ ${result.name}${which}`, ...result.problems.map((p) => `    ${p}`)]
  for (const [name, counters] of Object.entries(result.report?.links ?? {}))
    lines.push(`    ${linkSummary(name, counters)}`)
  const failing = result.report?.nodes.find((n) => n.classification.kind !== 'pass' && n.consoleTail.length > 0)
  if (failing) {
    lines.push(`  ── last ${tailLines} console lines of ${failing.node} ──`)
    lines.push(...failing.consoleTail.slice(-tailLines).map((l) => `  ${failing.node} │ ${l}`))
  }
  const output = result.report?.nodes.find((n) => n.classification.kind !== 'pass' && n.outputTail.length > 0)
  if (output) {
    lines.push(`  ── last ${Math.min(tailLines, output.outputTail.length)} lines of ${output.node}'s command output ──`)
    lines.push(...output.outputTail.slice(-tailLines).map((l) => `  ${output.node} ┆ ${l}`))
  }
  lines.push(`  saved in ${result.resultsDir}:`)
  for (const node of result.report?.nodes ?? [])
    lines.push(`    ${node.node}/console.log, ${node.node}/output.log (what its command printed)`)
  if (result.report) lines.push(`    <link>.pcap: each link's frames`)
  lines.push(`  re-run: ${rerun}`)
  return lines.join('\n')
}
