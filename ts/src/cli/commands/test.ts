// `vmgate test [NAME…]`: the targets of the user's vmgate.toml, each a one-node
// scenario run by the scenario runner (progress, --repeat, reports, exit codes).
import { join } from 'node:path'
import type { AccelRequest } from '../../vm/accel.js'
import type { CommandContext, Subcommand } from '../command.js'
import { nonNegativeInt, oneOf, positiveInt } from '../parse.js'

interface TestOptions {
  config?: string
  concurrency?: number
  repeat: number
  untilFail?: boolean
  accel: AccelRequest
  results?: string
  json?: boolean
  verbose?: boolean
}

export const testCommand: Subcommand = {
  define: (program) =>
    program
      .command('test')
      .description(
        "run the targets of the project's vmgate.toml (found from the working directory upward), in parallel",
      )
      .argument('[names...]', 'target names (default: all)')
      .option('--config <file>', 'the vmgate.toml to use')
      .option('--concurrency <n>', 'targets at once (default: by cores and memory)', nonNegativeInt('--concurrency'))
      .option(
        '--repeat <n>',
        'run each target N times; one that both passes and fails is flaky',
        positiveInt('--repeat'),
        1,
      )
      .option('--until-fail', 'start no new run after the first failure')
      .option('--accel <accel>', 'auto, kvm or tcg', oneOf('--accel', ['auto', 'kvm', 'tcg'] as const), 'auto')
      .option('--results <dir>', 'where results/<run-id>/ goes (default: results/ beside vmgate.toml)')
      .option('--json', 'print summary.json on stdout')
      .option('--verbose', "print every console line and the commands' output live"),
  async run({ args, log, signal }: CommandContext) {
    const [names, options] = args as [string[], TestOptions]
    const { findConfig, loadTargets } = await import('../../targets/file.js')
    const { selectTargets } = await import('../../targets/scenario.js')
    const config = loadTargets(findConfig(options.config))
    const selected = selectTargets(names, config)
    const [{ runScenarios }, report, { Store }] = await Promise.all([
      import('../../scenario/runner.js'),
      import('../../scenario/report.js'),
      import('../../store/store.js'),
    ])
    const summary = await runScenarios(selected, {
      store: Store.fromEnv(),
      log,
      accel: options.accel,
      seed: 1,
      resultsRoot: options.results ?? join(config.dir, 'results'),
      concurrency: options.concurrency || undefined,
      repeat: options.repeat,
      untilFail: options.untilFail,
      signal,
      verbose: options.verbose,
      // The runner's account of a failure, re-run with this command rather than `scenario run`.
      onResult: (result) =>
        result.passed ||
        process.stderr.write(
          report.failureText(result, `npx vmgate test --config ${config.file} ${result.name}`) + '\n',
        ),
    })
    return (await import('../run-end.js')).endOfRun(summary, options.json ?? false)
  },
}
