// The relay in guests: kernel WireGuard peers on both sides of relayd.
import t, { type Test } from 'tap'
import { relayScenario, relayScenarios } from '../../../pkgs/relay/scenarios/relay.js'
import { failureText } from '../../src/scenario/report.js'
import { runInTemp } from '../helpers/scenarios.js'
import type { Scenario } from '../../src/scenario/scenario.js'

const run = (t: Test, list: Scenario[]) => runInTemp(t, list)

t.test(
  'smoke over IPv4 and IPv6, and the unlinked negative case, all pass (x86_64; just check runs both arches)',
  async (t) => {
    const results = await run(
      t,
      relayScenarios.filter((s) => s.tags.includes('x86_64')),
    )
    t.same(results.map((r) => r.name).sort(), [
      'relay-smoke[family=ipv4]',
      'relay-smoke[family=ipv6]',
      'relay-unlinked[family=ipv4]',
      'relay-unlinked[family=ipv6]',
    ])
    for (const result of results) t.ok(result.passed, result.passed ? `${result.name} passed` : failureText(result))
    const smoke = results.find((r) => r.name === 'relay-smoke[family=ipv4]')!
    const relay = smoke.report!.nodes.find((n) => n.node === 'relay')!
    t.ok(
      relay.outputTail.some((l) =>
        /^relay: \d+ forwarded when checked, (\d+) ingress and \1 egress trace lines/.test(l),
      ),
      'trace hashes were compared',
    )
    const source = smoke.report!.nodes.find((n) => n.node === 'peer-a')!
    // seq 1 170000 and seq 1 20000, as sha256sum hashes them.
    const mib = 'c61d96d5b6317d4a4bc14405783d1cbcb4038b4608d3137f2e647e743a008f40'
    const udp = 'f6351f5ead9a700e34275480b3856ea738122a7c57bdeb744a631251c069587a'
    t.ok(
      source.outputTail.some(
        (l) => l.startsWith('tcp-xfer source: sent 1078895 bytes') && l.endsWith(`sha256 ${mib}, the sink's matches`),
      ),
      '1 MiB crossed the tunnel',
    )
    t.ok(
      source.outputTail.some(
        (l) => /^udp-echo send: 108894 bytes echoed in /.test(l) && l.endsWith(`sha256 ${udp}, as sent`),
      ),
      'the UDP echo came back whole',
    )
    const sink = smoke.report!.nodes.find((n) => n.node === 'peer-b')!
    t.ok(
      sink.outputTail.some(
        (l) => l.startsWith('tcp-xfer sink: received 1078895 bytes') && l.endsWith(`sha256 ${mib}, as expected`),
      ),
      'the sink got the payload',
    )
    t.ok(
      sink.outputTail.some(
        (l) =>
          /^udp-echo serve: received 108894 bytes in 107 datagrams /.test(l) &&
          l.endsWith(`sha256 ${udp}, as expected`),
      ),
      'the UDP echo server saw every byte',
    )
  },
)

t.test('a relay that flips a byte of every payload fails the smoke, naming the hash mismatch', async (t) => {
  const broken = { ...relayScenario('ipv4', true, { relayRoot: 'relayroot-broken' }), name: 'relay-smoke-broken' }
  const [result] = await run(t, [broken])
  t.notOk(result.passed)
  const relay = result.report!.nodes.find((n) => n.node === 'relay')!
  t.match(relay.classification, { kind: 'fail', reason: /trace hash mismatch/ })
  t.match(failureText(result), /relay: expected pass, got fail: exit status 1: relay: trace hash mismatch/)
})
