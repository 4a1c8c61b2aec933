// What a scenario run leaves behind: summary.json and junit.xml beside the
// per-node logs and link pcaps, and what a person reads on the terminal.
import type { Direction, LinkCounters } from '../net/link-protocol.js'
import type { TopologyReport } from '../net/run-topology.js'

export interface ScenarioResult {
  name: string
  passed: boolean
  /** The lab failed (a qemu that did not start, a build), not the test: exit 3. */
  infra: boolean
  problems: string[]
  durationMs: number
  resultsDir: string
  report?: TopologyReport
  /** Where the time went, in order; see phaseBreakdown. */
  phases?: Phase[]
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
  const at = (node: TopologyReport['nodes'][number], ms: number | undefined) => (node.startedAt === undefined || ms === undefined ? undefined : node.startedAt + ms - startedAt)
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
  const phases = [...boundaries].sort(([, a], [, b]) => a - b).map(([name, end]) => {
    const phase = { name, ms: end - previous }
    previous = end
    return phase
  })
  return [...phases, { name: 'end', ms: Math.max(0, totalMs - previous) }]
}

export function formatPhases(phases: Phase[]): string {
  return phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(2)}s`).join(' · ')
}

export function summaryJson(runId: string, seed: number, results: ScenarioResult[]): string {
  return JSON.stringify({
    runId, seed,
    passed: results.filter((r) => r.passed).length,
    failed: results.filter((r) => !r.passed).length,
    scenarios: results.map((r) => ({
      name: r.name, passed: r.passed, problems: r.problems, durationMs: Math.round(r.durationMs), resultsDir: r.resultsDir, accel: r.report?.accel,
      phases: r.phases?.map((p) => ({ name: p.name, ms: Math.round(p.ms) })),
      nodes: r.report?.nodes.map((n) => ({ node: n.node, classification: n.classification, timings: n.timings, marks: n.marks })),
      links: r.report?.links,
    })),
  }, null, 2)
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function junitXml(results: ScenarioResult[]): string {
  const failures = results.filter((r) => !r.passed).length
  const total = results.reduce((sum, r) => sum + r.durationMs, 0) / 1000
  const cases = results.map((r) => {
    const open = `  <testcase classname="vmgate.scenario" name="${escapeXml(r.name)}" time="${(r.durationMs / 1000).toFixed(3)}"`
    if (r.passed) return `${open}/>`
    return `${open}>\n    <failure message="${escapeXml(r.problems[0] ?? 'failed')}">${escapeXml(r.problems.join('\n'))}</failure>\n  </testcase>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="vmgate" tests="${results.length}" failures="${failures}" time="${total.toFixed(3)}">\n${cases.join('\n')}\n</testsuite>\n`
}

export function linkSummary(name: string, counters: Record<Direction, LinkCounters> | undefined): string {
  if (!counters) return `link ${name}: no counters (the link process did not answer)`
  const side = (d: Direction) => {
    const c = counters[d]
    return `${d} ${c.txFrames}/${c.rxFrames} frames delivered (loss ${c.droppedLoss}, cut ${c.droppedCut}, dup ${c.duplicated})`
  }
  return `link ${name}: ${side('ab')}; ${side('ba')}`
}

/** The terminal account of a failed scenario: its problems, links, and the failing node's console tail. */
export function failureText(result: ScenarioResult, tailLines = 150): string {
  const lines = [`✗ ${result.name}`, ...result.problems.map((p) => `    ${p}`)]
  for (const [name, counters] of Object.entries(result.report?.links ?? {})) lines.push(`    ${linkSummary(name, counters)}`)
  const failing = result.report?.nodes.find((n) => n.classification.kind !== 'pass' && n.consoleTail.length > 0)
  if (failing) {
    lines.push(`  ── last ${tailLines} console lines of ${failing.node} ──`)
    lines.push(...failing.consoleTail.slice(-tailLines).map((l) => `  ${failing.node} │ ${l}`))
  }
  lines.push(`  saved in ${result.resultsDir}:`)
  for (const node of result.report?.nodes ?? []) lines.push(`    ${node.node}/console.log, ${node.node}/output.log (what its command printed)`)
  if (result.report) lines.push(`    <link>.pcap: each link's frames`)
  return lines.join('\n')
}
