import type { Command } from 'commander'
import { UsageError } from '../../errors.js'
import type { Scenario } from '../../scenario/scenario.js'
import { stderrSink, type LogSink } from '../../log.js'
import type { CommandContext, Subcommand } from '../command.js'
import { nonNegativeInt } from '../parse.js'
import { applyShard, runnerFlags, runSelected, shardFlags, type RunnerFlags, type ShardFlags } from '../runner-flags.js'

interface SelectOptions extends ShardFlags {
  catalog?: string
  tag?: string[]
}

interface ScenarioRunOptions extends SelectOptions, RunnerFlags {
  seed: number
  results: string
}

const catalog = async (file?: string) => (await import('../../scenario/catalog.js')).loadCatalog(file)

const CATALOG_HELP = "a module exporting 'scenarios' to use instead of the built-in catalog"

export function selectScenarios(names: string[], tags: string[], from: Scenario[]): Scenario[] {
  const unknown = names.filter((name) => !from.some((s) => s.name === name))
  if (unknown.length > 0)
    throw new UsageError(`unknown scenario(s): ${unknown.join(', ')}; 'vmgate scenario list' shows them`)
  const picked = from.filter(
    (s) => (names.length === 0 || names.includes(s.name)) && tags.every((tag) => s.tags.includes(tag)),
  )
  if (picked.length === 0)
    throw new UsageError(
      `no scenario matches${names.length ? ` ${names.join(' ')}` : ''}${tags.length ? ` with tags ${tags.join(', ')}` : ''}`,
    )
  return picked
}

/** The selection flags `list` and `run` share: where scenarios come from, which, and which shard of them. */
function selectionOptions(command: Command): Command {
  return shardFlags(
    command
      .option('--catalog <module>', CATALOG_HELP)
      .option('--tag <tag>', 'only scenarios with this tag (repeatable)', (value: string, previous: string[] = []) => [
        ...previous,
        value,
      ]),
    'selection',
  )
}

/** The selection, sharded. */
async function select(names: string[], options: SelectOptions, log: LogSink): Promise<Scenario[]> {
  const picked =
    names.length || options.tag?.length
      ? selectScenarios(names, options.tag ?? [], await catalog(options.catalog))
      : await catalog(options.catalog)
  return applyShard(picked, options, log)
}

function define(program: Command): Command {
  const scenario = program.command('scenario').description('list and run multi-guest scenarios')
  selectionOptions(
    scenario
      .command('list')
      .description('list the scenarios with their tags')
      .option('--json', 'as JSON: name, tags, description'),
  ).action(async (options: SelectOptions & { json?: boolean }) => {
    const all = await select([], options, stderrSink)
    if (options.json)
      return void process.stdout.write((await import('../../scenario/catalog.js')).scenarioListJson(all))
    const width = Math.max(0, ...all.map((s) => s.name.length))
    for (const s of all) process.stdout.write(`${s.name.padEnd(width)}  [${s.tags.join(', ')}]  ${s.description}\n`)
  })
  return runnerFlags(
    selectionOptions(
      scenario
        .command('run')
        .description('run scenarios by name and/or tag, in parallel; exit 0 only if all pass')
        .argument('[names...]', 'scenario names (all, when only --tag is given)'),
    ),
    'scenarios',
  )
    .option('--seed <n>', 'seed for link impairments (repeat k uses seed + k - 1)', nonNegativeInt('--seed'), 1)
    .option('--results <dir>', 'where results/<run-id>/ goes', 'results')
}

export const scenarioCommand: Subcommand = {
  define,
  async run({ args, log, signal }: CommandContext) {
    const [names, options] = args as [string[], ScenarioRunOptions]
    if (names.length === 0 && !options.tag?.length && !options.shard)
      throw new UsageError(
        'scenario run: name scenarios, pick them with --tag, or take a --shard K/N of all; see vmgate scenario list',
      )
    const selected = await select(names, options, log)
    return runSelected(
      selected,
      options,
      { log, seed: options.seed, resultsRoot: options.results, signal },
      (result, report) => report.rerunCommand(result, rerunFlags(options)),
    )
  },
}

/** The flags a failed run is run again with, besides its name and seed: the same catalog, accel and boots. */
function rerunFlags(options: ScenarioRunOptions): string[] {
  // A name picks the one scenario: --shard and --tag would only narrow it again.
  return [
    ...(options.catalog ? ['--catalog', options.catalog] : []),
    ...(options.accel === 'auto' ? [] : ['--accel', options.accel]),
    ...(options.cold ? ['--cold'] : []),
  ]
}
