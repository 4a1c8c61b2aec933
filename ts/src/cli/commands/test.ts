// `vmgate test [NAME…]`: the targets of the user's vmgate.toml, each a one-node
// scenario run by the scenario runner (progress, --repeat, reports, exit codes).
import { join } from 'node:path'
import type { CommandContext, Subcommand } from '../command.js'
import { applyShard, runnerFlags, runSelected, shardFlags, type RunnerFlags, type ShardFlags } from '../runner-flags.js'

interface TestOptions extends RunnerFlags, ShardFlags {
  config?: string
  results?: string
}

export const testCommand: Subcommand = {
  define: (program) =>
    runnerFlags(
      shardFlags(
        program
          .command('test')
          .description(
            "run the targets of the project's vmgate.toml (found from the working directory upward), in parallel",
          )
          .argument('[names...]', 'target names (default: all)')
          .option('--config <file>', 'the vmgate.toml to use'),
        'targets',
      ),
      'targets',
    ).option('--results <dir>', 'where results/<run-id>/ goes (default: results/ beside vmgate.toml)'),
  async run({ args, log, signal }: CommandContext) {
    const [names, options] = args as [string[], TestOptions]
    const { findConfig, loadTargets } = await import('../../targets/file.js')
    const { selectTargets } = await import('../../targets/scenario.js')
    const { useProjectFile } = await import('../../project/project.js')
    const config = loadTargets(findConfig(options.config))
    // The targets' roots and components may be the project's own (its [project]).
    useProjectFile(config.file)
    const selected = await applyShard(selectTargets(names, config), options, log)
    return runSelected(
      selected,
      options,
      { log, seed: 1, resultsRoot: options.results ?? join(config.dir, 'results'), signal },
      // The runner's account of a failure, re-run with this command rather than `scenario run`.
      (result) => `npx vmgate test --config ${config.file} ${result.name}`,
    )
  },
}
