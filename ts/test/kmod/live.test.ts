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
  t.match(summary, { status: 'pass', targets: [{ target: 'live_integration', where: 'guest', status: 'pass', failed: 0 }] })
  t.ok(summary.targets[0].passed >= 20, `${summary.targets[0].passed} cases`)
})

t.test('a deliberately wrong expected count fails, printing the filter, the expected and the actual count', async (t) => {
  const results = await tempDir(t, 'vmgate-kmod-')
  const run = await vmgate(['kmod', 'live_integration', '--category', 'port', '--wrong-expectation', 'port/listen_s1_first', '--results', results])
  t.equal(run.exitCode, 1, run.all)
  t.match(run.stdout, /not ok \d+ port\/listen_s1_first: filter="[^"]+" expected=(\d+) actual=\d+/)
  t.match(run.stdout, /✗ live_integration .* 1 failed/)
  const summary = JSON.parse(await readFile(join(results, 'kmod-latest', 'summary.json'), 'utf8'))
  t.match(summary, { status: 'fail', targets: [{ status: 'fail', failed: 1, problems: [/1 of \d+ failed/] }] })
})

t.test('an unknown category is a usage error naming the known ones', async (t) => {
  const run = await vmgate(['kmod', 'live_integration', '--category', 'port,nope'])
  t.equal(run.exitCode, 2)
  t.match(run.stderr, /--category: unknown nope; known: port, state/)
})
