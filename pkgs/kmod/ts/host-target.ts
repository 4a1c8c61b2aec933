// Host targets: `make -C pkgs/kmod TARGET`, with the tools the toolchain
// contract names, output kept in the run's directory.
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Kernel } from '../../../ts/src/kernel/build.js'
import { projectRoot } from '../../../ts/src/paths.js'
import { runTool } from '../../../ts/src/proc.js'
import { tool } from '../../../ts/src/toolchain/resolve.js'
import { outputWatcher, type TargetCounts } from './outcome.js'
import { judge, type TargetResult } from './result.js'
import type { HostTarget } from './targets.js'

export interface HostTargetOptions {
  runDir: string
  /** The kernel `kmod` builds against. */
  kernel?: () => Promise<Kernel>
  onLine: (line: string) => void
}

// A hung parser (an infinite loop is a bug these targets exist to catch) must not hang the run.
export const HOST_TARGET_TIMEOUT_MS = 15 * 60_000

/** The tools a target's make needs, from the toolchain contract, and only those. */
export function makeVariables(target: HostTarget): string[] {
  const vars = [`CC=${tool('cc-x86_64')}`]
  if (target === 'fuzz') vars.push(`CLANG=${tool('clang')}`)
  if (target === 'memcheck' || target === 'callgrind') vars.push(`VALGRIND=${tool('valgrind')}`)
  return vars
}

export async function runHostTarget(target: HostTarget, options: HostTargetOptions): Promise<TargetResult> {
  const started = performance.now()
  const kdir = target === 'kmod' && options.kernel ? [`KDIR=${(await options.kernel()).buildTree}`] : []
  const log = join(options.runDir, `${target}.log`)
  const { exitStatus, counts } = await captured(log, options.onLine, (onLine) =>
    runTool(
      tool('make'),
      ['-C', join(projectRoot(), 'pkgs/kmod'), '--no-print-directory', target, ...makeVariables(target), ...kdir],
      { what: `kmod ${target}`, allowFailure: true, timeoutMs: HOST_TARGET_TIMEOUT_MS, onLine },
    ).then((r) => r.exitCode),
  )
  return { target, where: 'host', durationMs: performance.now() - started, log, ...judge(target, exitStatus, counts) }
}

/** Runs `fn` with a line sink that writes `log` and watches the output (outputWatcher). */
export async function captured(
  log: string,
  forward: (line: string) => void,
  fn: (onLine: (line: string) => void) => Promise<number>,
): Promise<{ exitStatus: number; counts?: TargetCounts }> {
  const out = createWriteStream(log)
  const watcher = outputWatcher(forward)
  try {
    const exitStatus = await fn((line) => {
      out.write(line + '\n')
      watcher.onLine(line)
    })
    return { exitStatus, counts: watcher.counts() }
  } finally {
    await new Promise((resolve) => out.end(resolve))
  }
}
