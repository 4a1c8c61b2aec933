// Each drop class moves by exactly the traffic that should move it: every
// step compares all aggregate counters, the per-peer ones and the per-source
// table against their values before the step.
import type { Test } from 'tap'
import { Peer, type Flavor, type Reply } from './harness.js'
import { counters, startPair, type Pair } from './fixture.js'
import { cookie, initiation, mac1Vectors, response, transport } from './wg.js'

type Step = {
  name: string
  from: 'alice' | 'bob' | 'carol' | string // a peer, or a stranger's IP
  msgs: () => Buffer[]
  delta: Record<string, number>
  peerDelta?: Record<string, number>
}

const junk = () => {
  const reserved = transport(16)
  reserved[2] = 1
  return [
    Buffer.from('hello'),
    Buffer.alloc(0),
    transport(16).subarray(0, 33),
    initiation().subarray(0, 147),
    reserved,
    Buffer.from([9, 0, 0, 0, ...Array(60).fill(0)]),
  ]
}

const steps: Step[] = [
  {
    name: 'shaped non-initiations from an unknown source',
    from: '127.0.0.2',
    msgs: () => [transport(16), response(), cookie()],
    delta: { drop_unknown_src: 3 },
  },
  {
    name: 'junk from a known peer',
    from: 'alice',
    msgs: junk,
    delta: { drop_not_wg_shaped: 6 },
    peerDelta: { drop_not_wg_shaped: 6, rx_packets: 6 },
  },
  { name: 'junk from an unknown source', from: '127.0.0.3', msgs: junk, delta: { drop_not_wg_shaped: 6 } },
  {
    name: 'an unlinked peer',
    from: 'carol',
    msgs: () => [transport(16), initiation()],
    delta: { drop_no_link: 2 },
    peerDelta: { drop_no_link: 2, rx_packets: 2 },
  },
  {
    name: 'an initiation whose MAC1 is not for the partner',
    from: 'bob',
    msgs: () => [initiation()],
    delta: { drop_pubkey_mismatch: 1 },
    peerDelta: { drop_pubkey_mismatch: 1, rx_packets: 1 },
  },
  {
    name: 'a response whose MAC1 is not for the partner',
    from: 'alice',
    msgs: () => [response()],
    delta: { drop_pubkey_mismatch: 1 },
    peerDelta: { drop_pubkey_mismatch: 1, rx_packets: 1 },
  },
  {
    name: "the partner's own initiation sent back",
    from: 'alice',
    msgs: () => [mac1Vectors()[0]!.packet],
    delta: { drop_pubkey_mismatch: 1 },
    peerDelta: { drop_pubkey_mismatch: 1, rx_packets: 1 },
  },
  {
    name: 'an initiation from an unknown source matching no key',
    from: '127.0.0.4',
    msgs: () => [initiation(), initiation()],
    delta: { drop_handshake_no_pubkey_match: 2 },
  },
  {
    name: 'an initiation with a MAC1 for the partner is forwarded',
    from: 'bob',
    msgs: () => [mac1Vectors()[0]!.packet],
    delta: { fwd_packets: 1 },
    peerDelta: { rx_packets: 1, fwd_packets: 1 },
  },
]

const PEER_KEYS = ['rx_packets', 'fwd_packets', 'drop_not_wg_shaped', 'drop_no_link', 'drop_pubkey_mismatch'] as const

function add(base: Record<string, number>, delta: Record<string, number>): Record<string, number> {
  const out = { ...base }
  for (const [k, v] of Object.entries(delta)) out[k] = (out[k] ?? 0) + v
  return out
}

async function sources(pair: Pair): Promise<Record<string, Reply>> {
  const reply = await pair.relay.ok('show drop_sources')
  return Object.fromEntries(reply.sources.map((s: Reply) => [s.ip, s]))
}

async function peerCounters(pair: Pair, name: string): Promise<Record<string, number>> {
  const p = await pair.peer(name)
  return Object.fromEntries(PEER_KEYS.map((k) => [k, p[k] as number]))
}

async function runStep(t: Test, pair: Pair, step: Step) {
  const known = ['alice', 'bob', 'carol'].includes(step.from)
  const sender = known ? pair[step.from as 'alice' | 'bob' | 'carol'] : await Peer.bind(step.from)
  const before = counters(await pair.show())
  const peerBefore = known ? await peerCounters(pair, step.from) : undefined
  const msgs = step.msgs()
  for (const m of msgs) await sender.send(m, pair.relay)
  const after = await pair.relay.waitShow(
    `${msgs.length} more rx_packets`,
    (s) => s.rx_packets === before.rx_packets! + msgs.length,
  )
  t.same(
    counters(after),
    add(before, { rx_packets: msgs.length, ...step.delta }),
    'aggregate counters: only the expected ones moved',
  )
  if (known)
    t.same(
      await peerCounters(pair, step.from),
      add(peerBefore!, step.peerDelta ?? {}),
      `per-peer counters of ${step.from}`,
    )
  else {
    const src = (await sources(pair))[step.from]
    t.match(src, { ip: step.from, ...step.delta }, `per-source entry for ${step.from}`)
    sender.close()
  }
}

export function dropCases(t: Test, flavor: Flavor) {
  t.test('each drop class moves by exactly its traffic (--verify-mac1)', async (t) => {
    const pair = await startPair(t, flavor, { args: ['--verify-mac1'] })
    for (const step of steps) await t.test(step.name, (t) => runStep(t, pair, step))
    await pair.barrier()
    const forwardedToBob = steps.filter((s) => s.from === 'alice' && s.delta.fwd_packets).length
    t.equal(pair.bob.pending, forwardedToBob, 'bob got nothing but the barrier from the dropped traffic')
    t.same(await pair.alice.recv(), mac1Vectors()[0]!.packet, 'alice got the one initiation with a valid MAC1')
    t.equal(pair.alice.pending, 0, 'and nothing else')
    t.equal(pair.carol.pending, 0, 'carol got nothing')
    const src = await sources(pair)
    t.same(
      Object.keys(src).sort(),
      ['127.0.0.2', '127.0.0.3', '127.0.0.4'],
      'only unknown sources are in the per-source table',
    )
  })
}
