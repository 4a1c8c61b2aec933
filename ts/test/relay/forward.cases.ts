// Forwarding both ways, byte for byte, over IPv4 and IPv6.
import type { Test } from 'tap'
import type { Flavor } from './harness.js'
import { startPair } from './fixture.js'
import { cookie, initiation, response, transport } from './wg.js'

export function forwardCases(t: Test, flavor: Flavor, hosts = ['127.0.0.1', '::1']) {
  for (const host of hosts) {
    t.test(`every message type both ways, byte for byte (${host})`, async (t) => {
      const { relay, alice, bob, show, peer } = await startPair(t, flavor, { host })
      // transport(1420): a full-MTU message, 1452 bytes: WireGuard pads to 16 but not past the MTU.
      const msgs = [initiation(), response(), cookie(), transport(0), transport(64), transport(1376), transport(1420)]
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

  // Bursts of equal-sized datagrams are what relayd batches into UDP GSO
  // sends; mixed sizes split the batches. Each datagram must still arrive
  // alone, whole and in order.
  for (const host of hosts) {
    t.test(`bursts larger than a batch arrive whole and in order (${host})`, async (t) => {
      const { relay, alice, bob } = await startPair(t, flavor, { host })
      const sizes = [...Array(150).fill(1376), ...Array.from({ length: 150 }, (_, i) => 16 * (i % 5))]
      const burst = sizes.map((size, i) => {
        const m = transport(size)
        m.writeUInt32BE(i, 16)
        return m
      })
      let inOrder = 0
      // Chunks of 50 keep bob's socket buffer from overflowing even at the
      // default net.core.rmem_max.
      for (let at = 0; at < burst.length; at += 50) {
        const chunk = burst.slice(at, at + 50)
        for (const m of chunk) await alice.send(m, relay)
        for (const m of chunk) if ((await bob.recv()).equals(m)) inOrder++
      }
      t.equal(inOrder, burst.length, 'every datagram arrived intact, in order')
      await relay.waitShow(`${burst.length} forwards`, (s) => s.fwd_packets === burst.length)
    })
  }
}
