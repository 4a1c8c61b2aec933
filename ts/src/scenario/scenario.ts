// Scenarios are typed TypeScript objects: a topology, optionally a script that
// acts on links while the nodes run, what each node is expected to end as, and
// checks on the finished run. A matrix expands one over its parameters.
import type { Classification } from '../guest/classify.js'
import type { ScriptContext, TopologyReport } from './topology-run.js'
import type { TopologyInput } from '../net/topology.js'

export interface Scenario {
  name: string
  description: string
  tags: string[]
  topology: Omit<TopologyInput, 'name'>
  script?: (context: ScriptContext) => Promise<void>
  /** Expected classification per node; every node is expected to pass otherwise. */
  expect?: Record<string, Classification['kind']>
  /** Checks on the finished run (link counters, say): each returned string is a failure. */
  check?: (report: TopologyReport) => string[]
}

/** Every combination of the parameters, each turned into a scenario named after it. */
export function matrix<P extends Record<string, readonly unknown[]>>(
  base: string,
  parameters: P,
  make: (combination: { [K in keyof P]: P[K][number] }, name: string) => Scenario | undefined,
): Scenario[] {
  let combinations: Record<string, unknown>[] = [{}]
  for (const [key, values] of Object.entries(parameters)) {
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [key]: value })))
  }
  return combinations.flatMap((combination) => {
    const label = Object.entries(combination)
      .map(([k, v]) => `${k}=${labelOf(v)}`)
      .join(',')
    const scenario = make(combination as { [K in keyof P]: P[K][number] }, `${base}[${label}]`)
    return scenario ? [scenario] : []
  })
}

function labelOf(value: unknown): string {
  if (value && typeof value === 'object' && 'label' in value) return String((value as { label: unknown }).label)
  return String(value)
}

/** What went wrong, judged against the scenario's expectations; empty when it passed. */
export function judge(scenario: Scenario, report: TopologyReport): string[] {
  const problems: string[] = []
  for (const node of report.nodes) {
    const expected = scenario.expect?.[node.node] ?? 'pass'
    const got = node.classification
    if (got.kind !== expected) problems.push(`${node.node}: expected ${expected}, got ${got.kind}: ${got.reason}`)
  }
  if (report.scriptError) problems.push(report.scriptError)
  if (problems.length === 0) problems.push(...(scenario.check?.(report) ?? []))
  return problems
}
