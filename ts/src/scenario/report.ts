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
}

export function summaryJson(runId: string, seed: number, results: ScenarioResult[]): string {
  return JSON.stringify({
    runId, seed,
    passed: results.filter((r) => r.passed).length,
    failed: results.filter((r) => !r.passed).length,
    scenarios: results.map((r) => ({
      name: r.name, passed: r.passed, problems: r.problems, durationMs: Math.round(r.durationMs), resultsDir: r.resultsDir, accel: r.report?.accel,
      nodes: r.report?.nodes.map((n) => ({ node: n.node, classification: n.classification, timings: n.timings })),
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
  lines.push(`  logs: ${result.resultsDir}`)
  return lines.join('\n')
}
