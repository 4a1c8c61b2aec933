// vmgate bench tunnel: iperf3 TCP (both directions), UDP and mean RTT through the
// WireGuard tunnel, with relayd in the path and without it (peers linked
// directly), side by side in one run; then a sweep over emulated loss and delay.
// Writes results/bench-<timestamp>.json and points results/bench-latest.json at it.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import {
  ADDRESSES,
  endpoint,
  relayNode,
  relayPeer,
  relayScenario,
  TUNNEL,
  WG_PORT,
  wgPeer,
} from '../../scenarios/relay.js'
import type { ImpairmentInput } from '../../../../ts/src/net/impairment.js'
import type { Scenario } from '../../../../ts/src/scenario/scenario.js'
import { pointLatest } from '../../../../ts/src/results.js'
import { runTool } from '../../../../ts/src/proc.js'
import { tool } from '../../../../ts/src/toolchain/resolve.js'
import { median, runAlone, type BenchOptions } from '../../../../ts/bench/stats.js'

const METRICS = ['tcp_up_mbps', 'tcp_down_mbps', 'udp_mbps', 'rtt_ms'] as const
type Metric = (typeof METRICS)[number]

/** Through relayd: the smoke topology with iperf3 instead of the echo; the relay is a service. */
function throughRelay(impairment?: ImpairmentInput): Scenario {
  const smoke = relayScenario('ipv4', true)
  const nodes = smoke.topology.nodes
  return {
    ...smoke,
    name: `bench-relay${impairment ? `[${JSON.stringify(impairment)}]` : ''}`,
    expect: undefined,
    check: undefined,
    topology: {
      ...smoke.topology,
      nodes: {
        relay: { ...nodes.relay, command: relayNode('ipv4', 'serve'), service: true, timeoutS: 300 },
        'peer-b': {
          ...nodes['peer-b'],
          command: [...relayPeer('ipv4', 'peer-b'), 'iperf-serve'],
          service: true,
          timeoutS: 300,
        },
        'peer-a': {
          ...nodes['peer-a'],
          command: [...relayPeer('ipv4', 'peer-a'), 'iperf-measure', TUNNEL['peer-b']],
          timeoutS: 120,
        },
      },
      links: smoke.topology.links!.map((l) => (impairment ? { ...l, kind: 'emulated' as const, impairment } : l)),
    },
  }
}

/** Without relayd: the peers linked directly, each the other's endpoint. */
function direct(): Scenario {
  const ip = ADDRESSES.ipv4
  return {
    name: 'bench-direct',
    description: 'peers linked directly',
    tags: [],
    topology: {
      kernel: 'microvm-wg',
      root: 'relayroot',
      nodes: {
        'peer-b': {
          command: [...wgPeer('peer-b', endpoint('ipv4', ip.a, WG_PORT)), 'iperf-serve'],
          nics: { eth0: [`${ip.relayA}/24`] },
          readyByCommand: true,
          service: true,
          timeoutS: 300,
        },
        'peer-a': {
          command: [...wgPeer('peer-a', endpoint('ipv4', ip.relayA, WG_PORT)), 'iperf-measure', TUNNEL['peer-b']],
          nics: { eth0: [`${ip.a}/24`] },
          after: ['peer-b'],
          timeoutS: 120,
        },
      },
      links: [{ a: 'peer-a.eth0', b: 'peer-b.eth0' }],
    },
  }
}

async function measure(
  scenario: Scenario,
  resultsRoot: string,
  signal?: AbortSignal,
): Promise<{ accel: string; values: Record<Metric, number> }> {
  const result = await runAlone(scenario, resultsRoot, signal)
  const client = result.report?.nodes.find((n) => n.node === 'peer-a')
  const values = Object.fromEntries(
    (client?.outputTail ?? []).flatMap((line) => {
      const m = /^bench: (\w+) ([\d.]+)$/.exec(line)
      return m ? [[m[1], Number(m[2])]] : []
    }),
  ) as Record<Metric, number>
  const missing = METRICS.filter((k) => !(k in values))
  if (!result.passed || missing.length)
    throw new Error(
      `${scenario.name}: no ${missing.join(', ')}; ${result.problems.join('; ')}; logs in ${result.resultsDir}`,
    )
  return { accel: result.report!.accel, values }
}

const stats = (xs: number[]) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) })
const version = async (file: string, args: string[]) =>
  (await runTool(file, args, { what: `${file} version`, allowFailure: true })).stdout.split('\n')[0]

export async function bench({ runs: RUNS = 3, results, signal }: BenchOptions): Promise<number> {
  const resultsRoot = resolve(results)
  const scratch = join(resultsRoot, `.bench-scratch-${process.pid}`)
  const runs: { path: 'relay' | 'direct'; run: number; values: Record<Metric, number> }[] = []
  let accel = ''
  for (let run = 1; run <= RUNS; run++) {
    for (const [path, scenario] of [
      ['relay', throughRelay()],
      ['direct', direct()],
    ] as const) {
      const m = await measure(scenario, scratch, signal)
      accel = m.accel
      runs.push({ path, run, values: m.values })
      console.log(`run ${run} ${path.padEnd(6)} ${METRICS.map((k) => `${k} ${m.values[k]}`).join('  ')}`)
    }
  }
  const summary = Object.fromEntries(
    (['relay', 'direct'] as const).map((path) => [
      path,
      Object.fromEntries(METRICS.map((k) => [k, stats(runs.filter((r) => r.path === path).map((r) => r.values[k]))])),
    ]),
  )
  const ratio = Object.fromEntries(METRICS.map((k) => [k, summary.relay[k].median / summary.direct[k].median]))
  const sweep = []
  for (const impairment of [
    { lossPct: 1, delayMs: 10 },
    { lossPct: 0, delayMs: 50 },
  ]) {
    const m = await measure(throughRelay(impairment), scratch, signal)
    sweep.push({ impairment, values: m.values })
    console.log(`sweep ${JSON.stringify(impairment)} ${METRICS.map((k) => `${k} ${m.values[k]}`).join('  ')}`)
  }
  await rm(scratch, { recursive: true, force: true })
  console.log(`relay/direct (medians of ${RUNS}): ${METRICS.map((k) => `${k} ${ratio[k].toFixed(2)}`).join('  ')}`)
  const report = {
    bench: 'tunnel',
    date: new Date().toISOString(),
    accel,
    runsPerPath: RUNS,
    impairment: 'none (direct links) for runs; emulated links for the sweep',
    tools: {
      vmgate: process.env.npm_package_version ?? '0.1.0',
      qemu: await version(tool('qemu-x86_64'), ['--version']),
      iperf3: await version(tool('iperf3'), ['--version']),
    },
    runs,
    summary,
    ratio,
    sweep,
  }
  await mkdir(resultsRoot, { recursive: true })
  const file = `bench-${report.date.replace(/[:.]/g, '-')}.json`
  await writeFile(join(resultsRoot, file), JSON.stringify(report, null, 2))
  await pointLatest(resultsRoot, 'bench-latest.json', file)
  console.log(`wrote ${join(resultsRoot, file)}`)
  return 0
}
