// The second way to impair: tc netem inside a guest booting vmroot.
import t from 'tap'
import { scenarios } from '../../scenarios/index.js'
import { failureText } from '../../src/scenario/report.js'
import { runInTemp } from '../helpers/scenarios.js'

t.test('a guest delays its own egress with tc netem and its peer sees it', async (t) => {
  const [result] = await runInTemp(t, [scenarios.find((s) => s.name === 'ping-netem')!])
  t.ok(result.passed, result.passed ? `${result.name} passed` : failureText(result))
  const server = result.report!.nodes.find((n) => n.node === 'server')!
  t.ok(
    server.outputTail.some((l) => /qdisc netem .* delay 100ms/.test(l)),
    'the netem qdisc is in place',
  )
  t.not(
    server.argv[server.argv.indexOf('-initrd') + 1],
    result.report!.nodes.find((n) => n.node === 'client')!.argv[server.argv.indexOf('-initrd') + 1],
    'the server boots vmroot, the client the testroot',
  )
})
