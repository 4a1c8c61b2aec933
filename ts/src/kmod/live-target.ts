// Live targets: tcpstats-live in a guest booted with microvm-kmod and a root
// holding tcpstats.ko built against that very kernel. Besides the cases' own
// verdicts, the guest's console must stay free of BUG:, WARNING: and Oops.
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LogSink } from '../log.js'
import { runGuest } from '../run/run-guest.js'
import type { Store } from '../store/store.js'
import type { AccelRequest } from '../vm/accel.js'
import type { Classification } from '../guest/classify.js'
import { kernelTrouble, outputWatcher, type TargetCounts } from './outcome.js'
import { judge, type TargetResult } from './result.js'
import type { LiveTarget } from './targets.js'

export const KMOD_KERNEL = 'microvm-kmod'
export const KMOD_ROOT = 'kmodroot'

export interface LiveTargetOptions {
  runDir: string
  store: Store
  accel: AccelRequest
  log: LogSink
  signal?: AbortSignal
  /** tcpstats-live flags: --category, --wrong-expectation. */
  extraArgs: string[]
  onLine: (line: string) => void
  /** The in-guest program, given the target and extraArgs; tests put a stand-in here. */
  program?: string
}

// `quiet` on the kernel command line hides KERN_WARNING, which is what WARN()
// prints: every kernel message must reach the console for the check below.
const ALL_KERNEL_MESSAGES = 'dmesg -n 8'

// live_integration under TCG takes tens of seconds; the deadline is for a stuck guest.
const TIMEOUT_MS = 600_000
// live_bench holds 100K connections (200K sockets and their files) at once,
// and under TCG making them takes minutes (10K took 52 s on a loaded host).
const MEMORY_MB: Partial<Record<LiveTarget, number>> = { live_bench: 2048 }
const BENCH_TIMEOUT_MS = 1_800_000

export async function runLiveTarget(target: LiveTarget, options: LiveTargetOptions): Promise<TargetResult> {
  const started = performance.now()
  const logDir = join(options.runDir, target)
  await mkdir(logDir, { recursive: true })
  // The guest run writes the command's output there itself.
  const log = join(logDir, 'output.log')
  const watcher = outputWatcher(options.onLine)
  const report = await runGuest(
    {
      kernel: KMOD_KERNEL,
      root: KMOD_ROOT,
      command: [
        'sh',
        '-c',
        `${ALL_KERNEL_MESSAGES} && exec ${options.program ?? '/usr/local/bin/tcpstats-live'} "$@"`,
        'tcpstats-live',
        target,
        ...options.extraArgs,
      ],
      timeoutMs: target === 'live_bench' ? BENCH_TIMEOUT_MS : TIMEOUT_MS,
      memoryMb: MEMORY_MB[target],
      accel: options.accel,
      logDir,
      signal: options.signal,
      log: options.log,
      onEvent: (event) => event.event === 'log' && watcher.onLine(event.line),
    },
    options.store,
  )
  const verdict = judgeGuest(target, report.classification, watcher.counts())
  const trouble = kernelTrouble((await readFile(join(logDir, 'console.log'), 'utf8')).split('\n'))
  if (trouble.length > 0) {
    verdict.status = 'fail'
    verdict.problems.push(
      `the kernel complained: ${trouble
        .slice(0, 3)
        .map((l) => l.trim())
        .join(' | ')} (console: ${join(logDir, 'console.log')})`,
    )
  }
  return { target, where: 'guest', durationMs: performance.now() - started, log, ...verdict }
}

/** The cases' counts when the program ran to its end; the guest's own failure (panic, timeout, lab) otherwise. */
function judgeGuest(target: string, c: Classification, counts: TargetCounts | undefined) {
  if (c.kind === 'pass') return judge(target, 0, counts)
  if (c.kind === 'fail' && c.exitStatus !== undefined) return judge(target, c.exitStatus, counts)
  const status = c.kind === 'infra' ? ('error' as const) : ('fail' as const)
  return { status, passed: counts?.passed ?? 0, failed: counts?.failed ?? 0, problems: [c.reason] }
}
