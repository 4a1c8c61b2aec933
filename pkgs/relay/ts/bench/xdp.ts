// vmgate bench xdp: relayd forwarding in XDP against relayd forwarding in
// userspace, in the same guest: the relay on q35 with two virtio-net NICs
// (native XDP) whose backends are host taps, each tap moved into a network
// namespace of its own, where loadgen (pkgs/relay/bench/loadgen.c) runs
// natively as the sender (whole frames on a packet socket, paced) and the
// receiver. Only the relay is emulated, so the relay sets the rate: with peers
// in TCG guests too, three guests shared two cores and the receiver's count
// measured all of them. WireGuard-shaped datagrams of 64 and 1408 bytes,
// packets per second at the receiver, side by side, and their ratio. Each row
// is checked against relayd's own counters: an "xdp" row whose datagrams went
// through userspace is an error, not a number.
//
//   vmgate bench xdp [--runs N]   (runs per path; default 3; the median is reported)
import { join } from 'node:path'
import { silentSink } from '../../../../ts/src/log.js'
import { macFor } from '../../../../ts/src/net/mac.js'
import { NetNamespace } from '../../../../ts/src/netns/namespace.js'
import { projectRoot } from '../../../../ts/src/paths.js'
import { runTool } from '../../../../ts/src/proc.js'
import { NodeStop } from '../../../../ts/src/run/boot-node.js'
import { runGuest } from '../../../../ts/src/run/run-guest.js'
import { Store } from '../../../../ts/src/store/store.js'
import { tool } from '../../../../ts/src/toolchain/resolve.js'
import { poll } from '../../../../ts/src/wait.js'
import { ADDRESSES, relayNode, WG_PORT } from '../../scenarios/relay.js'
import { median, type BenchOptions } from '../../../../ts/bench/stats.js'

const SIZES = [64, 1408] as const
const PATHS = ['xdp', 'userspace'] as const
type PathName = (typeof PATHS)[number]
const WARMUP_MS = 1000
const WINDOW_MS = 3000
const SEND_S = (WARMUP_MS + WINDOW_MS) / 1000 + 1
// More than an emulated relay forwards either way, little enough that the sender leaves the relay its core.
const OFFERED_PPS = 100_000
const RELAY_PORT = 51000
const IP = ADDRESSES.ipv4
const LOADGEN = join(projectRoot(), 'pkgs/relay/build/loadgen')

/**
 * A network namespace per peer (ts/src/netns: it goes with its holder process,
 * on every way out), its end of the relay's NIC moved in: peer-a's tap carries
 * relay eth0, peer-b's eth1.
 */
class Peers {
  readonly taps = { a: `vmgx${process.pid % 100_000}a`, b: `vmgx${process.pid % 100_000}b` }
  private namespaces: Partial<Record<'a' | 'b', NetNamespace>> = {}

  async create(): Promise<void> {
    for (const side of ['a', 'b'] as const) this.namespaces[side] = await NetNamespace.create()
  }

  /** Once qemu has made the taps (in this namespace), each goes to its peer with the peer's address. */
  async adopt(signal?: AbortSignal): Promise<void> {
    for (const side of ['a', 'b'] as const) {
      const [tap, ns] = [this.taps[side], this.namespaces[side]!]
      await poll({ phase: `tap ${tap}`, timeoutMs: 60_000, everyMs: 50, signal }, async () => {
        const shown = await runTool(tool('iproute2-ip'), ['link', 'show', tap], { what: 'ip link', allowFailure: true })
        return shown.exitCode === 0 ? { done: true, value: undefined } : { done: false, state: 'not created yet' }
      })
      await runTool(tool('iproute2-ip'), ['link', 'set', tap, 'netns', String(ns.pid)], { what: `move ${tap}` })
      await ns.ip('addr', 'add', `${IP[side]}/${IP.len}`, 'dev', tap)
      await ns.ip('link', 'set', tap, 'up')
    }
  }

  async remove(): Promise<void> {
    for (const ns of Object.values(this.namespaces)) await ns.dispose()
  }

  /** loadgen inside a peer's namespace, native. */
  loadgen(side: 'a' | 'b', args: string[], onLine: (line: string) => void) {
    return this.namespaces[side]!.start(LOADGEN, args, {
      what: `loadgen ${args[0]} for peer-${side}`,
      stdin: 'pipe',
      stdout: onLine,
      stderr: 'keep',
      env: { LOADGEN_ANY_ADDRESS: '1' },
    })
  }
}

/** One size through the relay: the receiver bound in b, then the paced sender in a; packets/s at the receiver. */
async function oneSize(peers: Peers, size: number, signal?: AbortSignal): Promise<number> {
  let bound = false
  let result = ''
  const recv = peers.loadgen('b', ['recv', `${IP.b}:${WG_PORT}`, String(WARMUP_MS), String(WINDOW_MS), '10000'], (l) =>
    l.startsWith('port=') ? (bound = true) : (result = l),
  )
  await poll({ phase: 'receiver bound', timeoutMs: 10_000, everyMs: 20 }, () =>
    bound ? { done: true, value: undefined } : { done: false, state: 'no port= line yet' },
  )
  const send = peers.loadgen(
    'a',
    [
      'send-raw',
      peers.taps.a,
      `${IP.a}:${WG_PORT}`,
      `${IP.relayA}:${RELAY_PORT}`,
      String(size),
      String(SEND_S),
      String(OFFERED_PPS),
    ],
    () => {},
  )
  send.stdin?.end('go\n')
  const [received, sent] = await Promise.all([recv.exited, send.exited])
  signal?.throwIfAborted() // Ctrl-C stopped them: that is the outcome, not a bad measurement
  const pps = /pps=(\d+) bad=(\d+)/.exec(result)
  if (received.code !== 0 || sent.code !== 0 || !pps || pps[2] !== '0')
    throw new Error(
      `bench xdp ${size} B: receiver '${result}' (exit ${received.code}), sender exit ${sent.code}: ${sent.stderr}`,
    )
  return Number(pps[1])
}

/** relayd's last counters line, which says whether XDP or userspace did the forwarding. */
function lastCounters(outputTail: string[]): { xdp_fwd_packets: number; fwd_packets: number } | undefined {
  const line = [...outputTail].reverse().find((l) => l.startsWith('relay: counters {'))
  return line ? JSON.parse(line.slice('relay: counters '.length)) : undefined
}

/** One run of a path: the relay guest up, both sizes through it, then the relay stopped and its counters checked. */
async function measure(path: PathName, signal?: AbortSignal): Promise<Record<number, number>> {
  const peers = new Peers()
  const stop = new AbortController()
  let ready: () => void
  const isReady = new Promise<void>((resolve) => (ready = resolve))
  try {
    await peers.create()
    const nic = (side: 'a' | 'b', address: string) => ({
      mac: macFor('bench-xdp', 'relay', side),
      model: 'virtio' as const,
      addresses: [`${address}/${IP.len}`],
      netdev: `tap,ifname=${peers.taps[side]},script=no,downscript=no`,
    })
    const mode = path === 'xdp' ? 'drv' : 'off'
    const relay = runGuest(
      {
        kernel: 'q35',
        machine: 'q35',
        root: 'relayroot',
        command: [
          ...relayNode('ipv4', 'serve'),
          '--xdp-mode',
          mode,
          '--xdp-interface',
          'eth0',
          '--xdp-interface',
          'eth1',
          '--no-trace',
        ],
        nics: [nic('a', IP.relayA), nic('b', IP.relayB)],
        timeoutMs: 300_000,
        // Cold: with snapshots on (saved or restored) the datagrams never reached the receiver
        // through the taps — not yet understood; a real boot costs ~1 s a run here.
        cold: true,
        accel: 'auto',
        log: silentSink,
        signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
        onEvent: (event) => event.event === 'ready' && ready(),
      },
      Store.fromEnv(),
    )
    await peers.adopt(signal)
    await Promise.race([
      isReady,
      relay.then((r) => Promise.reject(new Error(`the relay ended: ${r.classification.reason}`))),
    ])
    const pps: Record<number, number> = {}
    for (const size of SIZES) pps[size] = await oneSize(peers, size, signal)
    // Its counters are printed once a second: the last one must cover the run.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    stop.abort(new NodeStop('the bench is done', true))
    const report = await relay
    const counters = lastCounters(report.outputTail)
    const byXdp = (counters?.xdp_fwd_packets ?? 0) > (counters?.fwd_packets ?? 0)
    if (!counters || byXdp !== (path === 'xdp'))
      throw new Error(
        `bench xdp: the ${path} row was not forwarded that way (relayd counters: ${JSON.stringify(counters)})`,
      )
    return pps
  } finally {
    stop.abort(new NodeStop('the bench is done', true))
    await peers.remove()
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

export async function bench({ runs: RUNS = 3, signal }: BenchOptions): Promise<number> {
  await runTool(tool('make'), ['-s', '-C', join(projectRoot(), 'pkgs/relay'), 'build/loadgen'], {
    what: 'build loadgen',
  })
  const samples: Record<PathName, Record<number, number[]>> = {
    xdp: { 64: [], 1408: [] },
    userspace: { 64: [], 1408: [] },
  }
  for (let run = 1; run <= RUNS; run++)
    for (const path of PATHS) {
      const pps = await measure(path, signal)
      for (const size of SIZES) samples[path][size].push(pps[size])
      console.log(`run ${run} ${path.padEnd(9)} ${SIZES.map((size) => `${size} B ${fmt(pps[size])} pps`).join('  ')}`)
    }
  console.log(`\nmedian of ${RUNS} runs, packets/s at the receiver (native peers, ${fmt(OFFERED_PPS)} pps offered):`)
  console.log('| bytes | xdp (drv) | userspace | xdp/userspace |')
  console.log('|---|---|---|---|')
  for (const size of SIZES) {
    const [xdp, user] = [median(samples.xdp[size]), median(samples.userspace[size])]
    console.log(`| ${size} | ${fmt(xdp)} | ${fmt(user)} | ${(xdp / user).toFixed(2)} |`)
    if (xdp >= 0.9 * OFFERED_PPS)
      console.log(`  (${size} B: XDP kept up with the offered rate; its ratio is a lower bound)`)
  }
  return 0
}
