// What a target's output says: every target, host or guest, ends with
//   kmod-target NAME: P passed, F failed
// and tcpstats-live prints a line per case, `ok N cat/name` or
// `not ok N cat/name: filter="..." expected=E actual=A`.

import { kernelMessagePattern } from '../../../ts/src/guest/classify.js'

export interface TargetCounts {
  target: string
  passed: number
  failed: number
}

const SUMMARY_LINE = /^kmod-target (\S+): (\d+) passed, (\d+) failed$/
const FAILED_CASE = /^not ok \d+ /

export function parseSummaryLine(line: string): TargetCounts | undefined {
  const m = SUMMARY_LINE.exec(line.trim())
  return m ? { target: m[1], passed: Number(m[2]), failed: Number(m[3]) } : undefined
}

export function isFailedCase(line: string): boolean {
  return FAILED_CASE.test(line)
}

/** Watches a target's output as it comes: forwards failed cases and summary lines, keeps the last summary. */
export function outputWatcher(forward: (line: string) => void): {
  onLine: (line: string) => void
  counts: () => TargetCounts | undefined
} {
  let counts: TargetCounts | undefined
  return {
    onLine: (line) => {
      const summary = parseSummaryLine(line)
      counts = summary ?? counts
      if (summary || isFailedCase(line)) forward(line)
    },
    counts: () => counts,
  }
}

// The kernel prints these when the module misbehaves; any one on the console
// fails a live run even if every case passed. The console carries kernel
// messages only (the program's output travels over the channel), so a case
// that prints "WARNING:" itself does not count.
const KERNEL_TROUBLE = kernelMessagePattern('\\b(?:BUG:|WARNING:|Oops\\b|general protection fault|kernel BUG at)')

export function kernelTrouble(consoleLines: readonly string[]): string[] {
  return consoleLines.filter((line) => KERNEL_TROUBLE.test(line))
}
