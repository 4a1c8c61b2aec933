// relayd's XDP fast path on veth pairs in network namespaces (as root): attach
// and detach, forwarding in XDP both ways, the map following link and peer
// removal, and the loud failures (forwarding off, a bad mode).
import { spawn } from 'node:child_process'
import t, { type Test } from 'tap'
import { buildRelay, Relay, relaydPath, type Reply } from './harness.js'
import {
  endpoint,
  fwdMapEntries,
  makeNetns,
  NET,
  NET6,
  netnsUnavailable,
  NsPeers,
  type Net,
  type Netns,
  type PeerName,
} from './netns.js'
import { mac1Vectors, newKey } from './wg.js'

const why = netnsUnavailable()
if (why) t.test('relay XDP host tests', { skip: why }, () => {})
else await suites()

const XDP_ARGS = (mode: string) => ['--xdp-mode', mode, '--xdp-interface', 'r0', '--xdp-interface', 'r1']

async function startRelay(t: Test, ns: Netns, mode = 'drv', listen = `0.0.0.0:${NET.relayPort}`): Promise<Relay> {
  const relay = await Relay.start(relaydPath('release'), {
    listen,
    args: XDP_ARGS(mode),
    wrap: ns.exec,
  })
  t.teardown(() => relay.stop().then(() => undefined))
  return relay
}

/** a and b linked; with `keys`, a holds the captured initiation's initiator key and b its responder's. */
async function linkPeers(relay: Relay, keys = { a: newKey(), b: newKey() }, net: Net = NET): Promise<void> {
  await relay.ok('peer add', { name: 'a', pubkey: keys.a, endpoint: endpoint(net.a, net.aPort) })
  await relay.ok('peer add', { name: 'b', pubkey: keys.b, endpoint: endpoint(net.b, net.bPort) })
  await relay.ok('link add', { a: 'a', b: 'b' })
}

/** A datagram each way, received: the relay's neighbours are resolved, so XDP can route from here on. */
async function warm(relay: Relay, peers: NsPeers): Promise<void> {
  await peers.send('a', 1)
  await peers.received('b', 1)
  await peers.send('b', 1)
  await peers.received('a', 1)
}

/** Sends `count` from `from` and waits until the relay has seen all of them (userspace or XDP). */
async function sendAll(relay: Relay, peers: NsPeers, from: PeerName, count: number, size = 64): Promise<Reply> {
  const before = await relay.ok('show')
  const seen = (s: Reply) => s.rx_packets + s.xdp_fwd_packets + s.xdp_drop_not_wg_shaped
  await peers.send(from, count, size)
  return relay.waitShow(`${count} datagrams from ${from} handled`, (s) => seen(s) - seen(before) >= count)
}

async function suites(): Promise<void> {
  await buildRelay('release')

  t.test('attaches in drv mode, forwards both ways in XDP, detaches on SIGTERM', async (t) => {
    const ns = await makeNetns(t)
    const relay = await startRelay(t, ns)
    for (const iface of ['r0', 'r1'])
      t.match(
        relay.log.join('\n'),
        new RegExp(`event=xdp_attached iface=${iface} ifindex=\\d+ mode=drv driver=\\? kernel=\\S+`),
      )
    t.match(await ns.relayIp('link', 'show', 'r0'), /prog\/xdp id \d+/, 'r0 runs the program in drv mode')
    const config = await relay.ok('show config')
    t.same(
      config.xdp.map((n: Reply) => [n.iface, n.mode]),
      [
        ['r0', 'drv'],
        ['r1', 'drv'],
      ],
    )
    await linkPeers(relay)
    const peers = await NsPeers.start(t, ns)
    await warm(relay, peers)
    const before = await relay.ok('show')
    const show = await sendAll(relay, peers, 'a', 200)
    t.equal((await peers.received('b', 200)).got, 200, 'b received every datagram')
    t.equal(show.xdp_fwd_packets - before.xdp_fwd_packets, 200, 'all 200 forwarded in XDP')
    t.equal(show.fwd_packets, before.fwd_packets, 'none by userspace')
    await sendAll(relay, peers, 'b', 50)
    const back = await peers.received('a', 50)
    t.same(
      back,
      { got: 50, from: `${NET.relayA}:${NET.relayPort}` },
      'a received from the relay’s own address and port',
    )
    const shaped = await sendAll(relay, peers, 'a', 3, 33)
    t.equal(shaped.xdp_drop_not_wg_shaped, 3, 'not WireGuard-shaped: dropped in XDP and counted')
    const exit = await relay.stop()
    t.equal(exit.code, 0)
    t.notMatch(await ns.relayIp('link', 'show', 'r0'), /prog\/xdp/, 'detached from r0')
    t.notMatch(await ns.relayIp('link', 'show', 'r1'), /prog\/xdp/, 'detached from r1')
  })

  t.test('IPv6 on [::]: forwarded both ways in XDP, with checksums the peers accept', async (t) => {
    const ns = await makeNetns(t)
    const relay = await startRelay(t, ns, 'drv', `[::]:${NET.relayPort}`)
    await linkPeers(relay, undefined, NET6)
    const peers = await NsPeers.start(t, ns, NET6)
    await warm(relay, peers)
    const before = (await relay.ok('show')).xdp_fwd_packets
    await sendAll(relay, peers, 'a', 50, 1408)
    t.equal((await peers.received('b', 50)).got, 50, 'b received every 1408-byte datagram')
    await sendAll(relay, peers, 'b', 50)
    t.same(await peers.received('a', 50), { got: 50, from: `${NET6.relayA}:${NET.relayPort}` })
    t.equal((await relay.ok('show')).xdp_fwd_packets - before, 100, 'all 100 in XDP')
  })

  t.test('link remove and peer remove take the map entries out first', async (t) => {
    const ns = await makeNetns(t)
    const relay = await startRelay(t, ns)
    await linkPeers(relay)
    t.equal(await fwdMapEntries(ns, 'r0'), 2, 'link add: one entry per direction')
    const peers = await NsPeers.start(t, ns)
    await warm(relay, peers)
    const before = (await relay.ok('show')).xdp_fwd_packets
    await sendAll(relay, peers, 'a', 20)
    t.equal((await peers.received('b', 20)).got, 20)
    t.equal((await relay.ok('show')).xdp_fwd_packets - before, 20, 'in XDP')
    await relay.ok('link remove', { a: 'a', b: 'b' })
    t.equal(await fwdMapEntries(ns, 'r0'), 0, 'link remove: both entries gone')
    const unlinked = await sendAll(relay, peers, 'a', 20)
    await peers.send('a', 0) // a round trip through the peers script: anything relayed has arrived by now
    t.equal((await peers.take('b')).got, 0, 'nothing reaches b once unlinked')
    t.equal(unlinked.drop_no_link, 20, 'userspace sees them and counts drop_no_link')
    await relay.ok('link add', { a: 'a', b: 'b' })
    t.equal(await fwdMapEntries(ns, 'r0'), 2, 'linked again')
    await relay.ok('peer remove', { name: 'b' })
    t.equal(await fwdMapEntries(ns, 'r0'), 0, 'peer remove: its link’s entries gone')
    const stale = (await relay.ok('show')).xdp_fwd_packets
    await sendAll(relay, peers, 'a', 20)
    t.equal((await peers.take('b')).got, 0, 'a removed peer gets nothing')
    t.equal((await relay.ok('show')).xdp_fwd_packets, stale, 'and XDP forwarded nothing more')
  })

  t.test('a roam moves the map: XDP forwards from and to the new endpoint, not the old', async (t) => {
    const ns = await makeNetns(t)
    const relay = await startRelay(t, ns)
    const vector = mac1Vectors()[0]!
    await linkPeers(relay, { a: vector.initiatorPub, b: vector.responderPub })
    const peers = await NsPeers.start(t, ns)
    await warm(relay, peers)
    // The initiation's MAC1 is for b's key: from a's new port, it is a roaming a.
    await peers.sendBytes('a2', vector.packet)
    await relay.waitLog('the roam', /event=roam peer=a .*to=10\.9\.1\.2:40002/)
    await peers.received('b', 1)
    t.equal(await fwdMapEntries(ns, 'r0'), 2, 'still one entry per direction')
    const before = (await relay.ok('show')).xdp_fwd_packets
    await sendAll(relay, peers, 'a2', 20)
    t.equal((await peers.received('b', 20)).got, 20, 'from the new endpoint: forwarded')
    await sendAll(relay, peers, 'b', 20)
    t.equal((await peers.received('a2', 20)).got, 20, 'to the new endpoint')
    t.equal((await relay.ok('show')).xdp_fwd_packets - before, 40, 'both ways in XDP')
    const old = await sendAll(relay, peers, 'a', 5)
    await peers.send('a', 0)
    t.equal((await peers.take('b')).got, 0, 'the old endpoint is forwarded no more')
    t.equal(old.drop_unknown_src, 5, 'userspace counts it an unknown source')
  })

  t.test('skb mode attaches generic XDP and forwards', async (t) => {
    const ns = await makeNetns(t)
    const relay = await startRelay(t, ns, 'skb')
    t.match(relay.log.join('\n'), /event=xdp_attached iface=r0 ifindex=\d+ mode=skb /)
    t.match(await ns.relayIp('link', 'show', 'r0'), /prog\/xdp id \d+/)
    t.match(await ns.relayIp('-d', 'link', 'show', 'r0'), /xdpgeneric/, 'r0 runs it as generic XDP')
    await linkPeers(relay)
    const peers = await NsPeers.start(t, ns)
    await warm(relay, peers)
    const before = (await relay.ok('show')).xdp_fwd_packets
    const show = await sendAll(relay, peers, 'a', 50)
    t.equal((await peers.received('b', 50)).got, 50)
    t.equal(show.xdp_fwd_packets - before, 50, 'all 50 in XDP (skb)')
  })

  t.test('off attaches nothing even with interfaces given', async (t) => {
    const ns = await makeNetns(t)
    const relay = await startRelay(t, ns, 'off')
    t.match(relay.log.join('\n'), /event=xdp_off interfaces=2/)
    t.notMatch(await ns.relayIp('link', 'show', 'r0'), /prog\/xdp/)
    t.same((await relay.ok('show config')).xdp, [])
  })

  t.test('forwarding off on a NIC: xdp_attach_failed names the sysctl, exit 1, nothing left attached', async (t) => {
    const ns = await makeNetns(t)
    await relayNsSh(ns, 'echo 0 > /proc/sys/net/ipv4/conf/r1/forwarding')
    const exit = await refused(ns, 'drv')
    t.equal(exit.code, 1)
    t.match(
      exit.stderr,
      /event=xdp_attach_failed iface=r1 ifindex=\d+ mode=drv driver=\? kernel=\S+ reason="ipv4 forwarding is off.*net\.ipv4\.conf\.r1\.forwarding=1"/,
    )
    t.notMatch(exit.stderr, /event=listening/)
    t.notMatch(await ns.relayIp('link', 'show', 'r0'), /prog\/xdp/, 'r0, attached first, was detached again')
  })

  t.test('a bad --xdp-mode is a usage error quoting it', async (t) => {
    const exit = await runRelayd(['--listen', '127.0.0.1:0', '--xdp-mode', 'fast'])
    t.equal(exit.code, 2)
    t.match(exit.stderr, "relayd: bad --xdp-mode 'fast': expected drv, skb, auto or off")
  })

  t.test('--help names both flags and which NICs have native XDP', async (t) => {
    const exit = await runRelayd(['--help'])
    t.match(exit.stdout, /--xdp-interface IF/)
    t.match(exit.stdout, /--xdp-mode MODE/)
    t.match(exit.stdout, /virtio_net/)
    t.match(exit.stdout, /not e1000/)
  })
}

async function relayNsSh(ns: Netns, script: string): Promise<void> {
  await runCommand([...ns.exec, 'sh', '-c', script])
}

async function refused(ns: Netns, mode: string): Promise<{ code: number | null; stderr: string }> {
  return runCommand([
    ...ns.exec,
    relaydPath('release'),
    '--listen',
    `0.0.0.0:${NET.relayPort}`,
    '--control',
    `/tmp/vmgx-${process.pid}.sock`,
    ...XDP_ARGS(mode),
  ])
}

const runRelayd = (args: string[]) => runCommand([relaydPath('release'), ...args])

async function runCommand(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // spawns: project (relayd, or the table's ip running it in a namespace)
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}
