// --trace-forward-hashes: an ingress and an egress line per forward, with
// equal SHA-256 prefixes that match the payload.
import { createHash } from 'node:crypto'
import type { Test } from 'tap'
import { waitUntil, type Flavor } from './harness.js'
import { startPair } from './fixture.js'
import { initiation, transport } from './wg.js'

const kv = (line: string) => Object.fromEntries([...line.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]]))

export function traceCases(t: Test, flavor: Flavor) {
  t.test('ingress and egress lines carry matching hashes', async (t) => {
    const { relay, alice, bob } = await startPair(t, flavor, { args: ['--trace-forward-hashes'] })
    t.ok(
      relay.log.some((l) => /level=warn event=trace_enabled .*not for production/.test(l)),
      'warns at start',
    )
    const sent = [transport(1376), initiation()]
    await alice.send(sent[0]!, relay)
    await bob.recv()
    await bob.send(sent[1]!, relay)
    await alice.recv()
    const egress = await waitUntil('two egress lines', () => {
      const lines = relay.log.filter((l) => l.includes('event=fwd_egress'))
      return lines.length === 2 ? lines : undefined
    })
    const ingress = relay.log.filter((l) => l.includes('event=fwd_ingress'))
    t.equal(ingress.length, 2)
    const want = [
      ['alice', 'bob'],
      ['bob', 'alice'],
    ]
    for (const [i, msg] of sent.entries()) {
      const sha = createHash('sha256').update(msg).digest('hex').slice(0, 32)
      const fields = {
        sha256: sha,
        len: String(msg.length),
        type: String(msg[0]),
        src_peer: want[i]![0],
        dst_peer: want[i]![1],
      }
      t.match(kv(ingress[i]!), fields, `ingress ${i}`)
      t.match(kv(egress[i]!), fields, `egress ${i}`)
    }
  })

  t.test('no trace lines without the flag', async (t) => {
    const { relay, alice, bob } = await startPair(t, flavor)
    await alice.send(transport(16), relay)
    await bob.recv()
    await relay.waitShow('the forward', (s) => s.fwd_packets === 1)
    t.notOk(relay.log.some((l) => /fwd_(ingress|egress)|trace_enabled/.test(l)))
  })
}
