// --shard K/N and `vmgate report merge`, end to end: shards cover the catalog
// exactly once, and merging the shards' reports gives an unsharded run's counts.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

const names = async (args: string[]) =>
  JSON.parse((await vmgate(['scenario', 'list', '--json', ...args])).stdout).map((s: { name: string }) => s.name)

t.test('shards 1/3, 2/3 and 3/3 of the catalog cover every scenario exactly once', async (t) => {
  const all = await names([])
  const shards = await Promise.all([1, 2, 3].map((k) => names(['--shard', `${k}/3`])))
  t.ok(
    shards.every((s) => s.length > 0),
    shards.map((s) => s.length).join(' '),
  )
  t.same(shards.flat().sort(), [...all].sort())
})

// Three one-node scenarios: two pass, one fails by its check.
const CATALOG = `const node = (name) => ({ name, description: name, tags: ['sharded'], topology: { nodes: { solo: { command: ['true'] } } } })
export const scenarios = [node('one'), node('two'), { ...node('three'), check: () => ['three fails on purpose'] }]
`

t.test('report merge of three shards gives the counts of one unsharded run', async (t) => {
  const dir = await tempDir(t, 'vmgate-shards-')
  const catalog = join(dir, 'catalog.mjs')
  await writeFile(catalog, CATALOG)
  const whole = await vmgate([
    'scenario',
    'run',
    '--catalog',
    catalog,
    '--tag',
    'sharded',
    '--results',
    join(dir, 'whole'),
  ])
  t.equal(whole.exitCode, 1, whole.all)
  t.match(whole.stdout, /^2 passed, 1 failed$/m)
  const shards = []
  for (const k of [1, 2, 3]) {
    const results = join(dir, `shard-${k}`)
    const run = await vmgate([
      'scenario',
      'run',
      '--catalog',
      catalog,
      '--tag',
      'sharded',
      '--shard',
      `${k}/3`,
      '--results',
      results,
    ])
    t.match(run.stdout, /^\d passed, \d failed$/m, `shard ${k}: ${run.all}`)
    shards.push(join(results, 'latest'))
  }
  const merged = await vmgate(['report', 'merge', ...shards, '--out', join(dir, 'merged')])
  t.equal(merged.exitCode, 1, merged.all)
  t.match(merged.stdout, /^2 passed, 1 failed$/m)
  const summary = JSON.parse(await readFile(join(dir, 'merged', 'summary.json'), 'utf8'))
  t.match(summary, { passed: 2, failed: 1, flaky: 0 })
  t.same(summary.scenarios.map((s: { name: string; status: string }) => `${s.name} ${s.status}`).sort(), [
    'one pass',
    'three fail',
    'two pass',
  ])
  t.match(
    await readFile(join(dir, 'merged', 'junit.xml'), 'utf8'),
    /<testsuite name="vmgate" tests="3" failures="1"[\s\S]*three fails on purpose/,
  )
})

t.test('report merge refuses a dir without a summary and a garbled one, naming the file', async (t) => {
  const dir = await tempDir(t, 'vmgate-merge-')
  const none = await vmgate(['report', 'merge', dir, '--out', join(dir, 'out')])
  t.equal(none.exitCode, 2, none.all)
  t.match(none.stderr, /summary\.json: no such summary/)
  await writeFile(
    join(dir, 'summary.json'),
    JSON.stringify({ runId: 'x', scenarios: [{ name: 'a', runs: [{ repeat: 1 }] }] }),
  )
  const garbled = await vmgate(['report', 'merge', dir, '--out', join(dir, 'out')])
  t.equal(garbled.exitCode, 2, garbled.all)
  t.match(garbled.stderr, /summary\.json: scenarios\.0\.runs\.0\.seed: /)
})
