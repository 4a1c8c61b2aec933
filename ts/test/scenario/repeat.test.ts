// vmgate scenario run --repeat / --until-fail, end to end with real guests: a
// test-only scenario whose check fails when seed % 4 is 2 is flaky over seeds 1..3
// and passes over seeds 3..5.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

// Each repeat k runs with seed + k - 1, so --seed 1 --repeat 3 sees seeds 1, 2, 3.
const CATALOG = `export const scenarios = [{
  name: 'by-seed',
  description: 'boots a guest that passes; the check fails the run when seed % 4 is 2',
  tags: ['test-only'],
  topology: { nodes: { solo: { command: ['sh', '-c', 'echo solo ran'] } } },
  check: ({ seed }) => (seed % 4 === 2 ? ['unlucky seed ' + seed] : []),
}]
`

async function catalog(t: Test): Promise<{ file: string; results: string }> {
  const dir = await tempDir(t, 'vmgate-catalog-')
  const file = join(dir, 'catalog.mjs')
  await writeFile(file, CATALOG)
  return { file, results: join(dir, 'results') }
}

t.test(
  'a scenario that passes on some repeats and fails on others is flaky: exit 1, counts, a re-run command',
  async (t) => {
    const { file, results } = await catalog(t)
    const run = await vmgate([
      'scenario',
      'run',
      'by-seed',
      '--catalog',
      file,
      '--repeat',
      '3',
      '--seed',
      '1',
      '--results',
      results,
    ])
    t.equal(run.exitCode, 1, run.all)
    t.match(run.stdout, /^1 scenarios: 0 pass, 0 fail, 1 flaky \(3 runs\)\n2 passed, 1 failed$/m)
    t.match(run.stderr, /^by-seed: flaky \(2 passed, 1 failed of 3 runs\)$/m)
    t.match(run.stderr, /^✗ by-seed \(run 2, seed 2\)\n {4}unlucky seed 2$/m)
    t.match(
      run.stderr,
      new RegExp(
        `^  re-run: npx vmgate scenario run 'by-seed' --seed 2 --catalog ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`,
        'm',
      ),
    )
    t.match(
      run.stderr,
      /\[\d\/3\] ✓ by-seed #3 .* — \d passed, \d failed of 3/,
      'progress names the repeat and where its scenario stands',
    )
    const summary = JSON.parse(await readFile(join(results, 'latest', 'summary.json'), 'utf8'))
    t.match(summary, {
      repeat: 3,
      passed: 2,
      failed: 1,
      flaky: 1,
      scenarios: [{ name: 'by-seed', status: 'flaky', passes: 2, failures: 1 }],
    })
    t.same(
      summary.scenarios[0].runs.map((r: { seed: number; passed: boolean }) => [r.seed, r.passed]),
      [
        [1, true],
        [2, false],
        [3, true],
      ],
    )
    t.match(
      await readFile(join(results, 'latest', 'junit.xml'), 'utf8'),
      /<testsuite name="vmgate" tests="1" failures="1"[\s\S]*<failure message="flaky: flaky \(2 passed, 1 failed of 3 runs\)">run 2 \(seed 2\):\nunlucky seed 2/,
    )
  },
)

t.test('--until-fail starts no run after the first failure', async (t) => {
  const { file, results } = await catalog(t)
  const run = await vmgate([
    'scenario',
    'run',
    'by-seed',
    '--catalog',
    file,
    '--repeat',
    '6',
    '--until-fail',
    '--concurrency',
    '1',
    '--seed',
    '1',
    '--results',
    results,
  ])
  t.equal(run.exitCode, 1, run.all)
  t.match(run.stdout, /^1 passed, 1 failed$/m, 'seed 1 passed, seed 2 failed, nothing after')
})

t.test('a scenario that passes every repeat is pass, exit 0', async (t) => {
  const { file, results } = await catalog(t)
  const run = await vmgate([
    'scenario',
    'run',
    'by-seed',
    '--catalog',
    file,
    '--repeat',
    '3',
    '--seed',
    '3',
    '--results',
    results,
  ])
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, /^1 scenarios: 1 pass, 0 fail, 0 flaky \(3 runs\)\n3 passed, 0 failed$/m)
  t.match(
    await readFile(join(results, 'latest', 'by-seed', '3', 'solo', 'output.log'), 'utf8'),
    /^solo ran$/m,
    'each repeat keeps its own logs',
  )
})

t.test('a malformed catalog, a bad --repeat: usage errors naming the problem', async (t) => {
  const dir = await tempDir(t, 'vmgate-catalog-')
  const bad = join(dir, 'bad.mjs')
  await writeFile(
    bad,
    `export const scenarios = [{ name: 'x', description: 'd', tags: 'not-a-list', topology: { nodes: {} } }]\n`,
  )
  const run = await vmgate(['scenario', 'run', 'x', '--catalog', bad])
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /--catalog .*bad\.mjs: scenario 'x': tags: /)
  const missing = await vmgate(['scenario', 'list', '--catalog', join(dir, 'nope.mjs')])
  t.equal(missing.exitCode, 2, missing.all)
  t.match(missing.stderr, /no such file/)
  for (const value of ['0', 'many']) {
    const repeat = await vmgate(['scenario', 'run', '--tag', 'tcp', '--repeat', value])
    t.equal(repeat.exitCode, 2, repeat.all)
    t.match(repeat.stderr, /--repeat takes a whole number > 0/)
  }
})
