// The per-source drop table holds 256 source IPs and evicts the oldest.
import t from 'tap'
import { buildRelay, Peer, Relay, relaydPath } from './harness.js'
import { transport } from './wg.js'

t.before(() => buildRelay('release'))

const ip = (i: number) => `127.0.${2 + (i >> 8)}.${i & 255}`

t.test('the table is capped at 256 with FIFO eviction', async (t) => {
  const relay = await Relay.start(relaydPath('release'))
  t.teardown(() => relay.stop())
  const total = 260
  for (let i = 0; i < total; i++) {
    const p = await Peer.bind(ip(i))
    await p.send(transport(16), relay)
    // Wait per source so arrival order, and so eviction order, is known.
    await relay.waitShow(`drop from source ${i}`, (s) => s.drop_unknown_src === i + 1)
    p.close()
  }
  const reply = await relay.ok('show drop_sources')
  t.match(reply, { capacity: 256, count: 256, evictions: total - 256 })
  const ips: string[] = reply.sources.map((s: { ip: string }) => s.ip)
  t.same(
    ips,
    Array.from({ length: 256 }, (_, i) => ip(i + total - 256)),
    'the four oldest were evicted; the rest stay in arrival order',
  )
  t.match(reply.sources[0], {
    drop_unknown_src: 1,
    drop_not_wg_shaped: 0,
    drop_handshake_no_pubkey_match: 0,
    last_seen: Number,
  })
  t.ok(Math.abs(reply.sources[255].last_seen - Date.now() / 1000) < 60, 'last_seen is a unix time')
  t.equal((await relay.ok('show')).drop_unknown_src, total, 'the aggregate counts every drop, evicted or not')

  const again = await Peer.bind(ip(total - 1))
  await again.send(Buffer.from('x'), relay)
  await relay.waitShow('one more drop', (s) => s.drop_not_wg_shaped === 1)
  again.close()
  const after = await relay.ok('show drop_sources')
  t.match(after, { count: 256, evictions: total - 256 }, 'a known source is updated in place, not re-inserted')
  t.match(after.sources[255], { ip: ip(total - 1), drop_unknown_src: 1, drop_not_wg_shaped: 1 })
})
