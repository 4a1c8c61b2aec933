// Real guests on a direct link: qemu to qemu, no host process in between.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { runTopology } from '../../src/scenario/topology-run.js'
import { parseTopology } from '../../src/net/topology.js'
import { silentSink } from '../../src/log.js'
import { Store } from '../../src/store/store.js'

// 588,895 bytes that both sides can produce without sending a file along.
const EXPECTED = `expected=$(seq 1 100000 | sha256sum | cut -d' ' -f1)`
const SERVER = `${EXPECTED}; nc -l -p 5000 > /tmp/got & pid=$!; vmgate-ready; wait $pid
got=$(sha256sum < /tmp/got | cut -d' ' -f1); echo "server sha256 $got"; [ "$got" = "$expected" ] || exit 1
nc 10.0.0.2 5001 -e echo "$got"`
const CLIENT = `${EXPECTED}; nc -l -p 5001 > /tmp/ack & pid=$!
nc 10.0.0.1 5000 -e seq 1 100000; wait $pid
echo "client sha256 ack $(cat /tmp/ack)"; [ "$(cat /tmp/ack)" = "$expected" ]`

const run = (server: string, { capture = true, resultsDir = undefined as string | undefined } = {}) =>
  runTopology(
    parseTopology({
      name: 'pair',
      nodes: {
        server: {
          command: ['sh', '-c', server],
          nics: { eth0: ['10.0.0.1/24', 'fd00::1/64'] },
          readyByCommand: true,
          timeoutS: 30,
        },
        client: {
          command: ['sh', '-c', CLIENT],
          nics: { eth0: ['10.0.0.2/24', 'fd00::2/64'] },
          after: ['server'],
          timeoutS: 30,
        },
      },
      links: [{ a: 'server.eth0', b: 'client.eth0', capture }],
    }),
    { store: Store.fromEnv(), log: silentSink, accel: 'auto', resultsDir },
  )

t.test('two guests on a direct link exchange a TCP payload; both check its SHA-256', async (t) => {
  const { nodes: reports } = await run(SERVER)
  for (const report of reports)
    t.equal(
      report.classification.kind,
      'pass',
      `${report.node}: ${report.classification.reason}\n${report.outputTail.join('\n')}`,
    )
  t.ok(reports.find((r) => r.node === 'server')!.outputTail.some((line) => /^server sha256 [0-9a-f]{64}$/.test(line)))
})

t.test('a node whose dependency dies before it is ready never starts', async (t) => {
  const { nodes: reports } = await run('exit 9')
  const byNode = Object.fromEntries(reports.map((r) => [r.node, r.classification]))
  t.match(byNode.server, { kind: 'fail', reason: 'exit status 9' })
  t.match(byNode.client, { kind: 'fail', reason: 'not started: server ended before it was ready' })
})

t.test("a link's capture is kept in the results unless the link turns it off", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vmgate-capture-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const capture of [true, false]) {
    const resultsDir = join(dir, String(capture))
    const { nodes } = await run(SERVER, { capture, resultsDir })
    t.ok(
      nodes.every((n) => n.classification.kind === 'pass'),
      `capture ${capture}: both pass`,
    )
    const pcap = join(resultsDir, 'l0.pcap')
    if (capture) t.ok(existsSync(pcap) && statSync(pcap).size > 10_000, 'the payload is in l0.pcap')
    else t.notOk(existsSync(pcap), 'capture: false leaves no pcap')
  }
})
