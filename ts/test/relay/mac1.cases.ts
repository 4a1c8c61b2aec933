// MAC1 against real initiations captured from wireguard-go
// (pkgs/relay/testdata/mac1-vectors.txt): roaming on a valid MAC1, and
// drop_handshake_no_pubkey_match on an invalid one.
import type { Test } from 'tap'
import { Peer, Relay, relaydPath, type Flavor } from './harness.js'
import { startPair } from './fixture.js'
import { initiation, mac1Vectors, transport } from './wg.js'

export function mac1Cases(t: Test, flavor: Flavor) {
  t.test('a valid MAC1 from a new source roams the initiator', async (t) => {
    const { relay, alice, bob, peer } = await startPair(t, flavor)
    const v = mac1Vectors()[0]!
    const moved = await Peer.bind('127.0.0.5')
    t.teardown(() => moved.close())
    await moved.send(v.packet, relay)
    t.same(await alice.recv(), v.packet, 'the initiation reaches the responder unchanged')
    t.match(
      await peer('bob'),
      { endpoint: moved.endpoint, roams: 1, rx_packets: 1, fwd_packets: 1 },
      "bob's endpoint is the new source",
    )
    t.match(await relay.ok('show'), {
      roams: 1,
      fwd_packets: 1,
      drop_handshake_no_pubkey_match: 0,
      drop_unknown_src: 0,
    })
    const reply = transport(32)
    await alice.send(reply, relay)
    t.same(await moved.recv(), reply, "alice's traffic now goes to bob's new endpoint")
    await bob.send(transport(16), relay)
    await relay.waitShow('the old endpoint to count as unknown', (s) => s.drop_unknown_src === 1)
    await relay.waitLog('a roam log line', /event=roam peer=bob .*to=127\.0\.0\.5:/)
  })

  t.test('an invalid MAC1 from a new source is drop_handshake_no_pubkey_match', async (t) => {
    const { relay, alice, peer, barrier } = await startPair(t, flavor)
    const v = mac1Vectors()[0]!
    const stranger = await Peer.bind('127.0.0.6')
    t.teardown(() => stranger.close())
    const tampered = Buffer.from(v.packet)
    tampered[116] ^= 0x01 // first byte of MAC1
    const otherField = Buffer.from(v.packet)
    otherField[40] ^= 0x80 // a covered byte: MAC1 no longer matches
    for (const m of [tampered, otherField, initiation()]) await stranger.send(m, relay)
    const s = await relay.waitShow('three no-match drops', (s) => s.drop_handshake_no_pubkey_match === 3)
    t.match(s, { roams: 0, fwd_packets: 0 })
    const src = (await relay.ok('show drop_sources')).sources
    t.match(src, [{ ip: '127.0.0.6', drop_handshake_no_pubkey_match: 3, drop_unknown_src: 0 }])
    t.notOk((await peer('bob')).endpoint.startsWith('127.0.0.6'), 'bob did not move')
    await barrier()
    t.equal(alice.pending, 0, 'alice got nothing')
  })

  t.test('each vector roams the initiator of its own pair', async (t) => {
    const relay = await Relay.start(relaydPath(flavor))
    const vectors = mac1Vectors()
    const peers = await Promise.all(vectors.flatMap(() => [Peer.bind(), Peer.bind()]))
    t.teardown(async () => {
      for (const p of peers) p.close()
      await relay.stop()
    })
    for (const [i, v] of vectors.entries()) {
      await relay.ok('peer add', { name: `resp${i}`, pubkey: v.responderPub, endpoint: peers[2 * i]!.endpoint })
      await relay.ok('peer add', { name: `init${i}`, pubkey: v.initiatorPub, endpoint: peers[2 * i + 1]!.endpoint })
      await relay.ok('link add', { a: `resp${i}`, b: `init${i}` })
    }
    for (const [i, v] of vectors.entries()) {
      const moved = await Peer.bind(`127.0.1.${i + 1}`)
      await moved.send(v.packet, relay)
      t.same(await peers[2 * i]!.recv(), v.packet, `vector ${i} reaches resp${i}`)
      const list = (await relay.ok('peer list')).peers
      t.equal(list.find((p: { name: string }) => p.name === `init${i}`).endpoint, moved.endpoint, `init${i} roamed`)
      moved.close()
    }
    t.match(await relay.ok('show'), { roams: vectors.length })
  })

  t.test("without --verify-mac1 a known peer's handshake is forwarded whatever its MAC1", async (t) => {
    const { relay, alice, bob } = await startPair(t, flavor)
    const m = initiation()
    await bob.send(m, relay)
    t.same(await alice.recv(), m)
    t.match(await relay.ok('show'), { drop_pubkey_mismatch: 0 })
  })
}
