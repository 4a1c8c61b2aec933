// A relay with alice and bob linked and carol unlinked, each a loopback UDP
// socket. alice and bob carry the keys of the first captured MAC1 vector:
// alice is its responder, bob its initiator.
import type { Test } from 'tap'
import { Peer, Relay, relaydPath, type Flavor, type Reply } from './harness.js'
import { mac1Vectors, newKey, transport } from './wg.js'

export type Pair = {
  relay: Relay
  alice: Peer
  bob: Peer
  carol: Peer
  /** Counters from `show`, keyed by name. */
  show(): Promise<Reply>
  peer(name: string): Promise<Reply>
  /** A forward alice→bob that bob receives first: everything alice or bob
   * sent before it has been handled by the relay. */
  barrier(): Promise<void>
}

export async function startPair(t: Test, flavor: Flavor, opts: { args?: string[]; host?: string } = {}): Promise<Pair> {
  const host = opts.host ?? '127.0.0.1'
  const listen = host.includes(':') ? `[${host}]:0` : `${host}:0`
  const relay = await Relay.start(relaydPath(flavor), { listen, args: opts.args })
  const [alice, bob, carol] = await Promise.all([Peer.bind(host), Peer.bind(host), Peer.bind(host)])
  t.teardown(async () => {
    for (const p of [alice, bob, carol]) p.close()
    const exit = await relay.stop()
    if (exit.code !== 0) throw new Error(`relayd exited ${exit.code ?? exit.signal} on SIGTERM:\n${exit.stderr}`)
  })
  const v = mac1Vectors()[0]!
  await relay.ok('peer add', { name: 'alice', pubkey: v.responderPub, endpoint: alice.endpoint })
  await relay.ok('peer add', { name: 'bob', pubkey: v.initiatorPub, endpoint: bob.endpoint })
  await relay.ok('peer add', { name: 'carol', pubkey: newKey(), endpoint: carol.endpoint })
  await relay.ok('link add', { a: 'alice', b: 'bob' })
  const peer = async (name: string) => (await relay.ok('peer list')).peers.find((p: Reply) => p.name === name)
  const barrier = async () => {
    const marker = transport(16)
    await alice.send(marker, relay)
    const got = await bob.recv()
    if (!got.equals(marker)) throw new Error('barrier: bob received something before the marker')
  }
  return { relay, alice, bob, carol, show: () => relay.ok('show'), peer, barrier }
}

/** The counters `show` reports that a test compares wholesale. */
export const COUNTERS = [
  'rx_packets',
  'fwd_packets',
  'tx_errors',
  'roams',
  'drop_unknown_src',
  'drop_not_wg_shaped',
  'drop_no_link',
  'drop_pubkey_mismatch',
  'drop_handshake_no_pubkey_match',
] as const

export function counters(show: Reply): Record<string, number> {
  return Object.fromEntries(COUNTERS.map((k) => [k, show[k] as number]))
}
