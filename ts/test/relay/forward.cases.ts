// Forwarding both ways, byte for byte, over IPv4 and IPv6.
import type { Test } from 'tap'
import type { Flavor } from './harness.js'
import { startPair } from './fixture.js'
import { cookie, initiation, response, transport } from './wg.js'

export function forwardCases(t: Test, flavor: Flavor, hosts = ['127.0.0.1', '::1']) {
  for (const host of hosts) {
    t.test(`every message type both ways, byte for byte (${host})`, async (t) => {
      const { relay, alice, bob, show, peer } = await startPair(t, flavor, { host })
      const msgs = [initiation(), response(), cookie(), transport(0), transport(64), transport(1376)]
      for (const msg of msgs) {
        await alice.send(msg, relay)
        t.same(await bob.recv(), msg, `alice→bob type ${msg[0]} len ${msg.length}`)
        await bob.send(msg, relay)
        t.same(await alice.recv(), msg, `bob→alice type ${msg[0]} len ${msg.length}`)
      }
      const n = msgs.length
      const s = await relay.waitShow('fwd_packets to count every forward', (s) => s.fwd_packets === 2 * n)
      t.match(s, { rx_packets: 2 * n, fwd_packets: 2 * n, tx_errors: 0, drop_not_wg_shaped: 0 })
      t.match(await peer('alice'), { rx_packets: n, fwd_packets: n, partner: 'bob' })
      t.match(await peer('bob'), { rx_packets: n, fwd_packets: n, partner: 'alice' })
      t.equal((await show()).drop_unknown_src, 0)
    })
  }

  t.test('a burst larger than one batch arrives whole and in order', async (t) => {
    const { relay, alice, bob } = await startPair(t, flavor)
    const burst = Array.from({ length: 200 }, (_, i) => { const m = transport(16); m.writeUInt32BE(i, 16); return m })
    for (const m of burst) await alice.send(m, relay)
    for (const m of burst) t.ok((await bob.recv()).equals(m), `datagram ${m.readUInt32BE(16)}`)
    await relay.waitShow('200 forwards', (s) => s.fwd_packets === 200)
  })
}
