// One target's result, and the run's summary.json and summary.txt.
import { TIMED_OUT } from '../../../ts/src/proc.js'
import type { TargetCounts } from './outcome.js'

export interface TargetResult {
  target: string
  /** 'host', 'guest', or the remote host's name. */
  where: string
  status: 'pass' | 'fail' | 'error'
  durationMs: number
  passed: number
  failed: number
  /** Why it failed or errored, one line each. */
  problems: string[]
  /** The target's full output. */
  log: string
}

/**
 * A target passes when it exits 0, printed its summary line, and that line
 * counts no failures. Without the line, a non-zero exit is the target failing
 * before it could count (its tests did not compile, it crashed, it timed out);
 * exit 0 without it is a protocol error.
 */
export function judge(
  target: string,
  exitStatus: number,
  counts: TargetCounts | undefined,
): Pick<TargetResult, 'status' | 'passed' | 'failed' | 'problems'> {
  const how = exitStatus === TIMED_OUT ? 'timed out' : `exit status ${exitStatus}`
  if (!counts) {
    const problem = `${target} ended (${how}) without its 'kmod-target ${target}: P passed, F failed' line; see its log`
    return { status: exitStatus === 0 ? 'error' : 'fail', passed: 0, failed: 0, problems: [problem] }
  }
  const problems = []
  if (counts.failed > 0) problems.push(`${counts.failed} of ${counts.passed + counts.failed} failed`)
  if (exitStatus !== 0) problems.push(how)
  if (counts.passed + counts.failed === 0) problems.push('ran no tests')
  return { status: problems.length ? 'fail' : 'pass', passed: counts.passed, failed: counts.failed, problems }
}

/** `finished` is false when the run was interrupted: its status says so, whatever ran before. */
export function summaryJson(runId: string, results: TargetResult[], finished = true): string {
  const total = (key: 'passed' | 'failed') => results.reduce((sum, r) => sum + r[key], 0)
  return JSON.stringify(
    {
      runId,
      status: !finished ? 'interrupted' : results.every((r) => r.status === 'pass') ? 'pass' : 'fail',
      tests: { passed: total('passed'), failed: total('failed') },
      targets: results.map((r) => ({ ...r, durationMs: Math.round(r.durationMs) })),
    },
    null,
    2,
  )
}

export function summaryText(results: TargetResult[]): string {
  const rows = results.map((r) => {
    const mark = r.status === 'pass' ? '✓' : '✗'
    const line = `${mark} ${r.target.padEnd(17)} ${r.where.padEnd(6)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${(r.durationMs / 1000).toFixed(1).padStart(6)} s`
    return [line, ...r.problems.map((p) => `    ${p}`)].join('\n')
  })
  const bad = results.filter((r) => r.status !== 'pass').length
  return `${rows.join('\n')}\n${results.length - bad} targets passed, ${bad} failed\n`
}
