// Host targets: `make -C pkgs/kmod TARGET`, with the tools the toolchain
// contract names, output kept in the run's directory.
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Kernel } from '../kernel/build.js'
import { projectRoot } from '../paths.js'
import { runTool } from '../proc.js'
import { tool } from '../toolchain/resolve.js'
import { isFailedCase, parseSummaryLine, type TargetCounts } from './outcome.js'
import { judge, type TargetResult } from './result.js'
import type { HostTarget } from './targets.js'

export interface HostTargetOptions {
  runDir: string
  /** The kernel `kmod` builds against. */
  kernel?: () => Promise<Kernel>
  onLine: (line: string) => void
}

export function makeVariables(): string[] {
  return [`CC=${tool('cc-x86_64')}`, `CLANG=${tool('clang')}`, `VALGRIND=${tool('valgrind')}`]
}

export async function runHostTarget(target: HostTarget, options: HostTargetOptions): Promise<TargetResult> {
  const started = performance.now()
  const kdir = target === 'kmod' && options.kernel ? [`KDIR=${(await options.kernel()).buildTree}`] : []
  const log = join(options.runDir, `${target}.log`)
  const { exitStatus, counts } = await captured(log, options.onLine, (onLine) =>
    runTool(tool('make'), ['-C', join(projectRoot(), 'pkgs/kmod'), '--no-print-directory', target, ...makeVariables(), ...kdir], { what: `kmod ${target}`, allowFailure: true, onLine }),
  )
  return { target, where: 'host', durationMs: performance.now() - started, log, ...judge(target, exitStatus, counts) }
}

/** Runs `fn` with a line sink that writes the log, forwards failed cases, and keeps the last summary line. */
export async function captured(log: string, forward: (line: string) => void, fn: (onLine: (line: string) => void) => Promise<number>): Promise<{ exitStatus: number; counts?: TargetCounts }> {
  const out = createWriteStream(log)
  let counts: TargetCounts | undefined
  try {
    const exitStatus = await fn((line) => {
      out.write(line + '\n')
      counts = parseSummaryLine(line) ?? counts
      if (isFailedCase(line) || parseSummaryLine(line)) forward(line)
    })
    return { exitStatus, counts }
  } finally {
    await new Promise((resolve) => out.end(resolve))
  }
}
