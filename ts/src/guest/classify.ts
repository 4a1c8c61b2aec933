// Turns what the host saw of a guest into one classification. The order of the
// checks is the policy: a broken lab beats a panic, a panic beats a timeout,
// a caller's stop or a timeout beats whatever the channel said.
import type { Verdict } from './channel.js'

export type Phase = 'boot' | 'ready' | 'test'

export type Classification =
  | { kind: 'pass' | 'skip'; reason: string }
  | { kind: 'fail'; reason: string; exitStatus?: number }
  | { kind: 'timeout'; phase: Phase; reason: string }
  | { kind: 'panic'; reason: string }
  | { kind: 'infra'; reason: string }

export interface Observation {
  /** qemu could not be started, or exited with an error before the guest spoke. */
  infra?: string
  /** The first console line that shows a kernel panic. */
  panicLine?: string
  /** The phase whose host-side timeout ran out. */
  timedOut?: { phase: Phase; afterMs: number; lastState?: string }
  /** The caller stopped the node before it ended: a service whose work is done (a pass), or a node of a topology that failed elsewhere. */
  stopped?: { reason: string; asPass: boolean }
  /** Whether vmgate-init ever opened the channel. */
  channelOpened: boolean
  verdict: Verdict
}

export function classify(seen: Observation): Classification {
  if (seen.infra) return { kind: 'infra', reason: seen.infra }
  if (seen.panicLine) return { kind: 'panic', reason: `kernel panic: ${seen.panicLine.trim()}` }
  if (seen.stopped) return { kind: seen.stopped.asPass ? 'pass' : 'fail', reason: `stopped: ${seen.stopped.reason}` }
  if (seen.timedOut) {
    const { phase, afterMs, lastState } = seen.timedOut
    return {
      kind: 'timeout',
      phase,
      reason: `timeout in the ${phase} phase after ${(afterMs / 1000).toFixed(1)}s${lastState ? `; last seen: ${lastState}` : ''}`,
    }
  }
  const { verdict } = seen
  if (!seen.channelOpened)
    return {
      kind: 'fail',
      reason: 'the guest stopped during boot, before vmgate-init opened the channel; see the console tail',
    }
  if (!verdict.ok) return { kind: 'fail', reason: verdict.reason }
  const { status, reason, metrics } = verdict.result
  if (metrics.timed_out === 1) return { kind: 'timeout', phase: 'test', reason }
  if (status === 'fail') {
    const exitStatus =
      typeof metrics.exit_status === 'number' && metrics.exit_status >= 0 ? metrics.exit_status : undefined
    return { kind: 'fail', reason, exitStatus }
  }
  return { kind: status, reason }
}

// The console carries kernel messages and vmgate-init's own lines, which start
// with this and quote the host's parameters (vmgate.nic, vmgate.cmdfile), never
// the kernel: a kernel-message pattern must not match them.
export const INIT_LINE_PREFIX = 'vmgate-init: '

/** Matches a console line holding one of `alternatives` (a regex source), unless it is init's own. */
export function kernelMessagePattern(alternatives: string): RegExp {
  return new RegExp(`^(?!${INIT_LINE_PREFIX}).*(?:${alternatives})`)
}

export const PANIC_PATTERN = kernelMessagePattern('Kernel panic - not syncing|kernel BUG at|Oops: ')
