import { Command } from 'commander'
import t from 'tap'
import { applyShard, runnerFlags, runOptions, shardFlags } from '../../src/cli/runner-flags.js'
import { Store } from '../../src/store/store.js'

/** The options a command with the shared flags parses from `argv`. */
function parse(argv: string[]): Record<string, unknown> {
  const command = runnerFlags(shardFlags(new Command('x').exitOverride(), 'targets'), 'targets')
  return command.parse(argv, { from: 'user' }).opts()
}

t.test('the runner flags map to the same RunOptions whichever command defines them', async (t) => {
  const flags = parse(['--repeat', '3', '--until-fail', '--concurrency', '2', '--accel', 'tcg', '--verbose', '--cold'])
  const rest = { store: new Store('/tmp/none'), log: () => {}, seed: 7, resultsRoot: 'r' }
  t.match(runOptions(flags as never, rest), {
    accel: 'tcg',
    repeat: 3,
    untilFail: true,
    concurrency: 2,
    verbose: true,
    cold: true,
    seed: 7,
    resultsRoot: 'r',
  })
  t.match(runOptions(parse([]) as never, rest), { accel: 'auto', repeat: 1, concurrency: undefined })
  // --concurrency 0 means "by cores and memory", as no flag does.
  t.equal(runOptions(parse(['--concurrency', '0']) as never, rest).concurrency, undefined)
})

t.test('bad values are errors quoting them', async (t) => {
  t.throws(() => parse(['--repeat', '0']), /--repeat takes a whole number > 0, not '0'/)
  t.throws(() => parse(['--shard', '3/2']), /--shard takes K\/N with 1 <= K <= N/)
})

t.test('--shard K/N keeps shard K: together the shards hold each item once', async (t) => {
  const items = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name }))
  const shards = await Promise.all([1, 2].map((index) => applyShard(items, parse(['--shard', `${index}/2`]), () => {})))
  t.same(
    shards
      .flat()
      .map((i) => i.name)
      .sort(),
    ['a', 'b', 'c', 'd', 'e'],
  )
  t.ok(
    shards.every((shard) => shard.length >= 2 && shard.length <= 3),
    'an even split',
  )
  t.same(await applyShard(items, parse([]), () => {}), items, 'no --shard: all of them')
})
