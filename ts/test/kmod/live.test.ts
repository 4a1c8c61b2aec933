// tcpstats in real guests, through the CLI as a user runs it.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

t.test('live_integration passes a category, and summary.json counts its cases', async (t) => {
  const results = await tempDir(t, 'vmgate-kmod-')
  const run = await vmgate(['kmod', 'live_integration', '--category', 'port', '--results', results])
  t.equal(run.exitCode, 0, run.all)
  const summary = JSON.parse(await readFile(join(results, 'kmod-latest', 'summary.json'), 'utf8'))
  t.match(summary, {
    status: 'pass',
    targets: [{ target: 'live_integration', where: 'guest', status: 'pass', failed: 0 }],
  })
  t.ok(summary.targets[0].passed >= 20, `${summary.targets[0].passed} cases`)
  // tcpstats-exporter ran beside it: scraped after the load and before the unload, its page valid.
  t.match(run.stdout, /live: tcpstats-exporter serving \/metrics/)
  t.match(run.stdout, /scrape integration deltas: .*tcpstats_reads_total\+\d+/)
  t.match(run.stdout, /live: promtool check metrics passed on a scrape \(\d+ lines\)/)
})

t.test(
  'a deliberately wrong expected count fails, printing the filter, the expected and the actual count',
  async (t) => {
    const results = await tempDir(t, 'vmgate-kmod-')
    const run = await vmgate([
      'kmod',
      'live_integration',
      '--category',
      'port',
      '--wrong-expectation',
      'port/listen_s1_first',
      '--results',
      results,
    ])
    t.equal(run.exitCode, 1, run.all)
    t.match(run.stdout, /not ok \d+ port\/listen_s1_first: filter="[^"]+" expected=(\d+) actual=\d+/)
    t.match(run.stdout, /✗ live_integration .* 1 failed/)
    const summary = JSON.parse(await readFile(join(results, 'kmod-latest', 'summary.json'), 'utf8'))
    t.match(summary, { status: 'fail', targets: [{ status: 'fail', failed: 1, problems: [/1 of \d+ failed/] }] })
  },
)

t.test('an unknown category is a usage error naming the known ones', async (t) => {
  const run = await vmgate(['kmod', 'live_integration', '--category', 'port,nope'])
  t.equal(run.exitCode, 2)
  t.match(run.stderr, /--category: unknown nope; known: port, state/)
})

t.test(
  'a root carrying the module on a kernel without modules is a usage error naming the kernel to use',
  async (t) => {
    const run = await vmgate(['run', '--root', 'kmodroot', '--', 'true'])
    t.equal(run.exitCode, 2, run.all)
    t.match(
      run.stderr,
      /kmod is a kernel module: boot it with a kernel that has CONFIG_MODULES=y \(--kernel microvm-kmod[^)]*\), not microvm/,
    )
  },
)

t.test('--category without live_integration among the targets is refused', async (t) => {
  const run = await vmgate(['kmod', 'live_smoke', '--category', 'port'])
  t.equal(run.exitCode, 2)
  t.match(run.stderr, /--category and --wrong-expectation apply to live_integration/)
})
