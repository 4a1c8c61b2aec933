// vmgate bench xdp: relayd forwarding in XDP against relayd forwarding in
// userspace, in the same guests: the relay on q35 with virtio-net-pci NICs
// (native XDP), a loadgen sender and receiver on each side (pkgs/relay/guest/
// relay-load), WireGuard-shaped datagrams of 64 and 1408 bytes, packets per
// second at the receiver, side by side, and their ratio.
//
//   vmgate bench xdp [--runs N]   (runs per path; default 3; the median is reported)
//
// The paths alternate within a round. Three TCG guests share the host's cores,
// so what the peers spend per datagram is taken from the relay: the sender
// writes whole frames to a packet socket (no IP stack, routing or qdisc per
// datagram) and the links keep no capture. A ratio near 1 at a size still says
// the peers, not the relay, set the rate there.
import { ADDRESSES, relayNode, WG_PORT } from '../scenarios/relay.js'
import { xdpScenario } from '../scenarios/relay-xdp.js'
import type { Scenario } from '../src/scenario/scenario.js'
import { median, runAlone, type BenchOptions } from './stats.js'

const SIZES = [64, 1408] as const
const PATHS = ['xdp', 'userspace'] as const
type PathName = (typeof PATHS)[number]
const WARMUP_MS = 1000
const WINDOW_MS = 3000
// The sender outlasts the receiver's window at each size, and the receiver is bound again before the next.
const SEND_S = (WARMUP_MS + WINDOW_MS) / 1000 + 2
const RELAY_PORT = 51000

/** The relay smoke's topology (q35 relay, virtio NICs), with loadgen peers and relayd serving on one path. */
function benchScenario(path: PathName): Scenario {
  const ip = ADDRESSES.ipv4
  const smoke = xdpScenario({ nic: 'virtio', mode: path === 'xdp' ? 'drv' : 'off', expect: 'forward' })
  const xdp = ['--xdp-mode', path === 'xdp' ? 'drv' : 'off', '--xdp-interface', 'eth0', '--xdp-interface', 'eth1']
  const sizes = SIZES.map(String)
  const nodes = smoke.topology.nodes
  return {
    ...smoke,
    name: `bench-xdp[path=${path}]`,
    description: `relayd forwarding loadgen datagrams ${path === 'xdp' ? 'in XDP (drv)' : 'in userspace'}`,
    tags: ['bench'],
    topology: {
      ...smoke.topology,
      nodes: {
        relay: { ...nodes.relay, command: [...relayNode('ipv4', 'serve'), ...xdp, '--no-trace'], service: true },
        'peer-b': {
          nics: nodes['peer-b'].nics,
          command: ['relay-load', 'recv', `${ip.b}:${WG_PORT}`, String(WARMUP_MS), String(WINDOW_MS), ...sizes],
          readyByCommand: true,
          timeoutS: 180,
        },
        'peer-a': {
          nics: nodes['peer-a'].nics,
          command: [
            'relay-load',
            'send',
            'eth0',
            `${ip.a}:${WG_PORT}`,
            `${ip.relayA}:${RELAY_PORT}`,
            String(SEND_S),
            ...sizes,
          ],
          after: ['relay', 'peer-b'],
          service: true,
          timeoutS: 180,
        },
      },
      // A capture writes every frame in qemu: at these rates that is load on the relay's own process.
      links: smoke.topology.links?.map((link) => ({ ...link, capture: false })),
    },
  }
}

/** One run of a path: packets per second at each size, from the receiver's output. */
async function measure(path: PathName, resultsRoot: string, signal?: AbortSignal): Promise<Record<number, number>> {
  const scenario = benchScenario(path)
  const result = await runAlone(scenario, resultsRoot, signal)
  const receiver = result.report?.nodes.find((n) => n.node === 'peer-b')
  const pps = Object.fromEntries(
    (receiver?.outputTail ?? []).flatMap((line) => {
      const m = /^bench: pps_(\d+) (\d+)$/.exec(line)
      return m ? [[Number(m[1]), Number(m[2])]] : []
    }),
  )
  const missing = SIZES.filter((size) => !(size in pps))
  if (!result.passed || missing.length)
    throw new Error(
      `${scenario.name}: no packets/s for ${missing.join(', ') || 'none missing'} B; ${result.problems.join('; ')}; logs in ${result.resultsDir}`,
    )
  return pps
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

export async function bench({ runs: RUNS = 3, results, signal }: BenchOptions): Promise<number> {
  const samples: Record<PathName, Record<number, number[]>> = {
    xdp: { 64: [], 1408: [] },
    userspace: { 64: [], 1408: [] },
  }
  for (let run = 1; run <= RUNS; run++)
    for (const path of PATHS) {
      const pps = await measure(path, results, signal)
      for (const size of SIZES) samples[path][size].push(pps[size])
      console.log(`run ${run} ${path.padEnd(9)} ${SIZES.map((size) => `${size} B ${fmt(pps[size])} pps`).join('  ')}`)
    }
  console.log(`\nmedian of ${RUNS} runs, packets/s at the receiver:`)
  console.log('| bytes | xdp (drv) | userspace | xdp/userspace |')
  console.log('|---|---|---|---|')
  for (const size of SIZES) {
    const [xdp, user] = [median(samples.xdp[size]), median(samples.userspace[size])]
    console.log(`| ${size} | ${fmt(xdp)} | ${fmt(user)} | ${(xdp / user).toFixed(2)} |`)
  }
  return 0
}
