// The second way to impair: tc netem inside a guest booting vmroot.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { scenarios } from '../../scenarios/index.js'
import { silentSink } from '../../src/log.js'
import { failureText } from '../../src/scenario/report.js'
import { runScenarios } from '../../src/scenario/runner.js'
import { Store } from '../../src/store/store.js'

t.test('a guest delays its own egress with tc netem and its peer sees it', async (t) => {
  const resultsRoot = await mkdtemp(join(tmpdir(), 'vmgate-results-'))
  t.teardown(() => rm(resultsRoot, { recursive: true, force: true }))
  const { results: [result] } = await runScenarios([scenarios.find((s) => s.name === 'ping-netem')!], { store: Store.fromEnv(), log: silentSink, accel: 'auto', seed: 1, resultsRoot, concurrency: 1 })
  t.ok(result.passed, failureText(result))
  const server = result.report!.nodes.find((n) => n.node === 'server')!
  t.ok(server.consoleTail.some((l) => /qdisc netem .* delay 100ms/.test(l)), 'the netem qdisc is in place')
  t.not(server.argv[server.argv.indexOf('-initrd') + 1], result.report!.nodes.find((n) => n.node === 'client')!.argv[server.argv.indexOf('-initrd') + 1], 'the server boots vmroot, the client the testroot')
})
