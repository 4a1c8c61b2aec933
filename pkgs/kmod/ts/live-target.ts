// Live targets: tcpstats-live in a guest booted with microvm-kmod and a root
// holding tcpstats.ko built against that very kernel, run by tcpstats-live-run
// (pkgs/kmod/guest) beside tcpstats-exporter. Besides the cases' own verdicts,
// the guest's console must stay free of BUG:, WARNING: and Oops, and the page
// scraped from the exporter must pass promtool.
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { LogSink } from '../../../ts/src/log.js'
import { runGuest } from '../../../ts/src/run/run-guest.js'
import type { Store } from '../../../ts/src/store/store.js'
import type { AccelRequest } from '../../../ts/src/vm/accel.js'
import type { Classification } from '../../../ts/src/guest/classify.js'
import { NO_USER_CODE, type UserCode } from '../../../ts/src/usercode/spec.js'
import { checkScrape, EXPORTER_GUEST_PATH, scrapePageCollector } from './exporter.js'
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
  /** A tcpstats-exporter built on the host (exporter.ts), to run beside the target. */
  exporter?: string
}

const RUNNER = '/usr/local/bin/tcpstats-live-run'
// What the target prints besides its cases, as the remote runner shows it: the
// exporter's start, the scrape deltas.
const SHOWN = /^(live:|scrape) /

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
  const scrape = scrapePageCollector()
  const code: UserCode | undefined = options.exporter
    ? { ...NO_USER_CODE, adds: [{ host: options.exporter, guest: EXPORTER_GUEST_PATH }] }
    : undefined
  const report = await runGuest(
    {
      kernel: KMOD_KERNEL,
      root: KMOD_ROOT,
      command: [RUNNER, ...(options.program ? ['--live', options.program] : []), target, ...options.extraArgs],
      code,
      timeoutMs: target === 'live_bench' ? BENCH_TIMEOUT_MS : TIMEOUT_MS,
      memoryMb: MEMORY_MB[target],
      accel: options.accel,
      logDir,
      signal: options.signal,
      log: options.log,
      onEvent: (event) => {
        if (event.event !== 'log') return
        watcher.onLine(event.line)
        scrape.onLine(event.line)
        if (SHOWN.test(event.line)) options.onLine(event.line)
      },
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
  const page = scrape.page()
  if (page) {
    const promtool = await checkScrape(page, join(logDir, 'scrape.txt'))
    options.onLine(promtool.line)
    if (!promtool.ok) {
      verdict.status = 'fail'
      verdict.problems.push(promtool.line)
    }
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
