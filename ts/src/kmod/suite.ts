// `vmgate kmod TARGET...`: runs the targets in order, each into the run's
// directory (results/kmod-<id>/), prints each one's verdict as it ends, and
// writes summary.json and summary.txt. The exit status gates on the result.
import { randomBytes } from 'node:crypto'
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { ExitCode } from '../errors.js'
import { buildKernel } from '../kernel/build.js'
import { loadKernel } from '../kernel/spec.js'
import type { LogSink } from '../log.js'
import type { Store } from '../store/store.js'
import type { AccelRequest } from '../vm/accel.js'
import { runHostTarget } from './host-target.js'
import { KMOD_KERNEL, runLiveTarget } from './live-target.js'
import { runRemoteTarget, syncSources } from './remote.js'
import { summaryJson, summaryText, type TargetResult } from './result.js'
import { expandTargets, isLive, type Target } from './targets.js'

export interface SuiteOptions {
  targets: string[]
  /** tcpstats-live flags passed through: --category, --wrong-expectation. */
  liveArgs: string[]
  /** Run the host targets on this machine over ssh instead. */
  host?: string
  resultsRoot: string
  store: Store
  accel: AccelRequest
  log: LogSink
  signal?: AbortSignal
  print: (text: string) => void
}

export interface SuiteRun {
  dir: string
  results: TargetResult[]
  exitCode: number
}

export async function runSuite(options: SuiteOptions): Promise<SuiteRun> {
  const targets = expandTargets(options.targets, options.host !== undefined)
  const runId = `kmod-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`
  const dir = resolve(options.resultsRoot, runId)
  await mkdir(dir, { recursive: true })
  const results: TargetResult[] = []
  let finished = false
  try {
    await runTargets(targets, dir, options, results)
    finished = true
  } finally {
    // Interrupted or not, what ran is written down.
    await writeFile(join(dir, 'summary.json'), summaryJson(runId, results, finished))
    await writeFile(join(dir, 'summary.txt'), summaryText(results))
    await pointLatest(options.resultsRoot, runId)
  }
  options.print(`${summaryText(results)}results: ${dir}\n`)
  return { dir, results, exitCode: exitCodeFor(results) }
}

async function runTargets(targets: Target[], dir: string, options: SuiteOptions, results: TargetResult[]): Promise<void> {
  const onLine = (line: string) => options.print(`  ${line}\n`)
  const kernel = once(() => buildKernel(loadKernel(KMOD_KERNEL), options.store, options.log))
  if (options.host) await syncSources(options.host)
  for (const target of targets) {
    options.print(`▸ ${target}\n`)
    const result = isLive(target)
      ? await runLiveTarget(target, { runDir: dir, store: options.store, accel: options.accel, log: options.log, signal: options.signal, extraArgs: options.liveArgs, onLine })
      : options.host
        ? await runRemoteTarget(target, { host: options.host, runDir: dir, onLine })
        : await runHostTarget(target, { runDir: dir, kernel, onLine })
    results.push(result)
  }
}

function exitCodeFor(results: TargetResult[]): number {
  if (results.some((r) => r.status === 'fail')) return ExitCode.testFailed
  if (results.some((r) => r.status === 'error')) return ExitCode.infra
  return ExitCode.pass
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined
  return () => (value ??= fn())
}

async function pointLatest(root: string, runId: string): Promise<void> {
  const latest = join(root, 'kmod-latest')
  await rm(latest, { force: true })
  await symlink(runId, latest)
}

