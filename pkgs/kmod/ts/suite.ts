// `vmgate kmod TARGET...`: runs the targets in order, each into the run's
// directory (results/kmod-<id>/), prints each one's verdict as it ends, and
// writes summary.json and summary.txt. The exit status gates on the result.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { exitCodeFor, Interrupted, UsageError } from '../../../ts/src/errors.js'
import { buildKernel } from '../../../ts/src/kernel/build.js'
import { loadKernel } from '../../../ts/src/kernel/spec.js'
import type { LogSink } from '../../../ts/src/log.js'
import { newRunDir, pointLatest } from '../../../ts/src/results.js'
import type { Store } from '../../../ts/src/store/store.js'
import type { AccelRequest } from '../../../ts/src/vm/accel.js'
import { buildExporter } from './exporter.js'
import { runHostTarget } from './host-target.js'
import { KMOD_KERNEL, runLiveTarget } from './live-target.js'
import { parseHostSpec } from '../../../ts/src/remote/ssh.js'
import { runOnHosts } from './remote.js'
import { summaryJson, summaryText, type TargetResult } from './result.js'
import { expandTargets, isLive, liveArgs, localTargets, type Target } from './targets.js'

export interface SuiteOptions {
  targets: string[]
  /** tcpstats-live flags for live_integration: --category, --wrong-expectation. */
  integrationArgs: string[]
  /** Run the targets on these hosts over ssh instead ([USER@]HOST[:PORT]), all at once. */
  hosts: string[]
  /** An ssh_config for them instead of ~/.ssh/config (the guest sshd hosts' keys). */
  sshConfig?: string
  /** Where the sources go on each host (remote.ts REMOTE_DIR when absent). */
  remoteDir?: string
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
  const hosts = options.hosts.map(parseHostSpec)
  const targets = hosts.length > 0 ? expandTargets(options.targets) : localTargets(options.targets)
  if (options.integrationArgs.length > 0 && !targets.some((t) => t === 'live_integration' || t === 'live_bench')) {
    throw new UsageError('--category and --wrong-expectation apply to live_integration, which is not among the targets')
  }
  const { runId, dir } = await newRunDir(options.resultsRoot, 'kmod-')
  const results: TargetResult[] = []
  let interrupted = true
  try {
    if (hosts.length > 0)
      results.push(
        ...(await runOnHosts({
          hosts,
          targets: options.targets,
          integrationArgs: options.integrationArgs,
          sshConfig: options.sshConfig,
          remoteDir: options.remoteDir,
          runDir: dir,
          print: options.print,
        })),
      )
    else await runTargets(targets as Target[], dir, options, results)
    interrupted = false
  } finally {
    // Interrupted or not, what ran is written down.
    await writeFile(join(dir, 'summary.json'), summaryJson(runId, results, !interrupted))
    await writeFile(join(dir, 'summary.txt'), summaryText(results))
    await pointLatest(options.resultsRoot, 'kmod-latest', runId)
  }
  options.print(`${summaryText(results)}results: ${dir}\n`)
  return {
    dir,
    results,
    exitCode: exitCodeFor(results.map((r) => ({ failed: r.status === 'fail', infra: r.status === 'error' }))),
  }
}

async function runTargets(
  targets: Target[],
  dir: string,
  options: SuiteOptions,
  results: TargetResult[],
): Promise<void> {
  const onLine = (line: string) => options.print(`  ${line}\n`)
  const kernel = once(() => buildKernel(loadKernel(KMOD_KERNEL), options.store, options.log))
  const exporter = once(() => buildExporter(join(dir, 'exporter')))
  const run = async (target: Target): Promise<TargetResult> => {
    if (isLive(target)) {
      const extraArgs = liveArgs(target, options.integrationArgs)
      return runLiveTarget(target, {
        runDir: dir,
        store: options.store,
        accel: options.accel,
        log: options.log,
        signal: options.signal,
        extraArgs,
        onLine,
        exporter: await exporter(),
      })
    }
    return runHostTarget(target, { runDir: dir, kernel, onLine })
  }
  for (const target of targets) {
    options.print(`▸ ${target}\n`)
    results.push(await labFailureAsResult(target, options, () => run(target)))
  }
}

/** A lab failure (a build, a missing tool, an unreachable host) ends this target as `error`, not the run; Ctrl-C ends the run. */
async function labFailureAsResult(
  target: Target,
  options: SuiteOptions,
  fn: () => Promise<TargetResult>,
): Promise<TargetResult> {
  const started = performance.now()
  try {
    return await fn()
  } catch (error) {
    if (error instanceof Interrupted || options.signal?.aborted) throw error
    const message = String((error as Error)?.message ?? error)
    options.print(`  ${message.split('\n').slice(0, 12).join('\n  ')}\n`)
    return {
      target,
      where: isLive(target) ? 'guest' : 'host',
      status: 'error',
      durationMs: performance.now() - started,
      passed: 0,
      failed: 0,
      problems: [message.split('\n')[0]],
      log: '',
    }
  }
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined
  return () => (value ??= fn())
}
