// The flags of every command that runs scenarios through the runner (`scenario
// run`, `vmgate test`): one definer and one mapping to RunOptions, so the two
// can't drift, and `--shard K/N` with `--durations` for both.
import type { Command } from 'commander'
import { existsSync } from 'node:fs'
import type { LogSink } from '../log.js'
import type { ScenarioResult } from '../scenario/report.js'
import type { RunOptions } from '../scenario/runner.js'
import type { Scenario } from '../scenario/scenario.js'
import { parseShard, shardOf, type Shard } from '../scenario/shard.js'
import type { AccelRequest } from '../vm/accel.js'
import { nonNegativeInt, oneOf, positiveInt } from './parse.js'

export interface ShardFlags {
  shard?: Shard
  durations?: string
}

export interface RunnerFlags {
  concurrency?: number
  repeat: number
  untilFail?: boolean
  accel: AccelRequest
  json?: boolean
  verbose?: boolean
  cold?: boolean
}

/** `what`: what the command runs, for the help ('scenarios', 'targets'). */
export function shardFlags(command: Command, what: string): Command {
  return command
    .option('--shard <k/n>', `only shard K of N of the ${what} (deterministic; see --durations)`, parseShard)
    .option('--durations <summary>', "balance --shard by an earlier run's durations (its summary.json or results dir)")
}

export function runnerFlags(command: Command, what: string): Command {
  return command
    .option('--concurrency <n>', `${what} at once (default: by cores and memory)`, nonNegativeInt('--concurrency'))
    .option('--repeat <n>', 'run each N times; one that both passes and fails is flaky', positiveInt('--repeat'), 1)
    .option('--until-fail', 'start no new run after the first failure')
    .option('--accel <accel>', 'auto, kvm or tcg', oneOf('--accel', ['auto', 'kvm', 'tcg'] as const), 'auto')
    .option('--json', 'print summary.json on stdout')
    .option('--verbose', "print every console line (node │) and the commands' output (node ┆) live")
    .option('--cold', 'boot every guest for real: neither restore snapshots nor save them')
}

/** The runner's options from the flags; the rest is the command's own. */
export function runOptions(
  flags: RunnerFlags,
  rest: Pick<RunOptions, 'store' | 'log' | 'seed' | 'resultsRoot' | 'signal' | 'onResult'>,
): RunOptions {
  return {
    ...rest,
    accel: flags.accel,
    concurrency: flags.concurrency || undefined,
    repeat: flags.repeat,
    untilFail: flags.untilFail,
    verbose: flags.verbose,
    cold: flags.cold,
  }
}

type ReportModule = typeof import('../scenario/report.js')

/**
 * Runs `selected` through the runner with the flags, prints each failed run with
 * the command that re-runs it (`rerun`), and ends the run. The runner, reports
 * and store load here, not at start-up: --help and usage errors stay fast.
 */
export async function runSelected(
  selected: Scenario[],
  flags: RunnerFlags,
  rest: Pick<RunOptions, 'log' | 'seed' | 'resultsRoot' | 'signal'>,
  rerun: (result: ScenarioResult, report: ReportModule) => string,
): Promise<number> {
  const [{ runScenarios }, report, { Store }, { endOfRun }] = await Promise.all([
    import('../scenario/runner.js'),
    import('../scenario/report.js'),
    import('../store/store.js'),
    import('./run-end.js'),
  ])
  const summary = await runScenarios(
    selected,
    runOptions(flags, {
      ...rest,
      store: Store.fromEnv(),
      onResult: (result) =>
        result.passed || process.stderr.write(report.failureText(result, rerun(result, report)) + '\n'),
    }),
  )
  return endOfRun(summary, flags.json ?? false)
}

/** The shard of `picked` the flags ask for, or all of it. An empty shard is no error: its report has nothing in it. */
export async function applyShard<T extends { name: string }>(
  picked: T[],
  flags: ShardFlags,
  log: LogSink,
): Promise<T[]> {
  if (!flags.shard) return picked
  return shardOf(picked, flags.shard, await durations(flags.durations, log))
}

/** An earlier run's durations; a CI's first run has none yet, and then the split is even. */
async function durations(path: string | undefined, log: LogSink): Promise<Map<string, number> | undefined> {
  if (!path) return undefined
  if (!existsSync(path)) {
    log({ kind: 'warn', message: `--durations ${path}: no such file yet; the shards split evenly` })
    return undefined
  }
  return (await import('../scenario/merge.js')).durationsFrom(path)
}
