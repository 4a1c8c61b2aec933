// Real guests through a host link process that shapes, counts and captures.
import { execa } from 'execa'
import { join } from 'node:path'
import { runInTemp } from '../helpers/scenarios.js'
import t, { type Test } from 'tap'
import { scenarios } from '../../scenarios/index.js'
import { failureText } from '../../src/scenario/report.js'
import type { Scenario } from '../../src/scenario/scenario.js'
import { tool } from '../../src/toolchain/resolve.js'

const run = (t: Test, list: Scenario[], seed = 1) => runInTemp(t, list, { seed, concurrency: 1 })

const byName = (name: string) => scenarios.find((s) => s.name === name)!

t.test('the TCP exchange works over an emulated link; its pcap opens in tcpdump with every frame', async (t) => {
  const [result] = await run(t, [byName('tcp[link=emulated,impairment=none]')])
  t.ok(result.passed, result.passed ? `${result.name} passed` : failureText(result))
  const { ab, ba } = result.report!.links.l0!
  t.ok(ab.txFrames > 100 && ba.txFrames > 100, 'frames crossed both ways')
  const dump = await execa(tool('tcpdump'), ['-nr', join(result.resultsDir, 'l0.pcap')])
  t.equal(dump.stdout.trim().split('\n').length, ab.txFrames + ba.txFrames)
  t.match(dump.stdout, /10\.0\.0\.2\.\d+ > 10\.0\.0\.1\.5000: Flags \[S\]/, 'the TCP handshake is in the capture')
})

t.test('with 100% loss nothing arrives, and the failure says so', async (t) => {
  const lossy = { ...byName('tcp-total-loss'), name: 'tcp-100-loss', expect: undefined, check: undefined }
  const [result] = await run(t, [lossy])
  t.notOk(result.passed)
  t.match(failureText(result), /client: expected pass, got fail/)
  t.match(failureText(result), /link l0: ab 0\/\d+ frames delivered \(loss [1-9]\d*, .*ba 0\/\d+ frames delivered/)
  t.match(failureText(result), /source: could not send to 10\.0\.0\.1:5000/)
})

t.test('200 ms of one-way delay gives a ping RTT of at least 400 ms', async (t) => {
  const [result] = await run(t, [byName('ping-delay')])
  t.ok(result.passed, result.passed ? `${result.name} passed` : failureText(result))
  const client = result.report!.nodes.find((n) => n.node === 'client')!
  const rtt = Number(client.outputTail.map((l) => /^min rtt (\d+) ms$/.exec(l)?.[1]).find(Boolean))
  t.ok(rtt >= 400, `min RTT ${rtt} ms`)
})

t.test('the same seed drops the same frame indices at 30% loss; another seed drops others', async (t) => {
  const pings: Scenario = {
    ...byName('ping-delay'),
    name: 'pings-30-loss',
    topology: {
      ...byName('ping-delay').topology,
      nodes: {
        ...byName('ping-delay').topology.nodes,
        client: {
          ...byName('ping-delay').topology.nodes.client,
          command: ['sh', '-c', 'ping -c 40 -i 0.05 -W 1 10.0.0.1; true'],
        },
      },
      links: [{ a: 'server.eth0', b: 'client.eth0', kind: 'emulated', impairment: { lossPct: 30 } }],
    },
  }
  const drops = async (seed: number) => {
    const [result] = await run(t, [pings], seed)
    t.ok(result.passed, result.passed ? `${result.name} passed` : failureText(result))
    return result.report!.links.l0!.ba
  }
  const [first, again, other] = [await drops(11), await drops(11), await drops(12)]
  // Decisions follow the frame index, so compare over the frames both runs saw.
  const common = (a: typeof first, b: typeof first) => {
    const n = Math.min(a.rxFrames, b.rxFrames)
    return [a.lossIndices.filter((i) => i < n), b.lossIndices.filter((i) => i < n)]
  }
  t.ok(first.droppedLoss > 0, `${first.droppedLoss} of ${first.rxFrames} frames dropped`)
  const [x, y] = common(first, again)
  t.same(x, y, 'same seed, same drops')
  const [p, q] = common(first, other)
  t.notSame(p, q, 'another seed, other drops')
})

t.test('a link cut mid-transfer and healed: TCP recovers and the cut drops are counted', async (t) => {
  const [result] = await run(t, [byName('tcp-cut-heal')])
  t.ok(result.passed, result.passed ? `${result.name} passed` : failureText(result))
  const { ab, ba } = result.report!.links.l0!
  t.ok(ab.droppedCut + ba.droppedCut > 0, `${ab.droppedCut + ba.droppedCut} frames dropped during the cut`)
})
