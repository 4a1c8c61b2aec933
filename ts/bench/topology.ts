// vmgate bench topology: the same two-guest TCP transfer over a direct link
// and over an emulated link with no impairment, alternating, side by side.
// tcp-xfer (roots/tools) moves and hashes the payload in-stream, so the guests
// are not the bottleneck that busybox `seq | nc` was; the link is. Prints each
// path's throughput, the emulated link process's own frames/s and share of a
// core, and the emulated/direct ratios.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Scenario } from '../src/scenario/scenario.js'
import { median, runAlone, type BenchOptions } from './stats.js'

// seq 1 1500000: 10,888,897 bytes, long enough that start-up is a small part.
const COUNT = 1_500_000
const PORT = 5000
const KINDS = ['direct', 'emulated'] as const
type Kind = (typeof KINDS)[number]

function transfer(kind: Kind): Scenario {
  return {
    name: `bench-topology-${kind}`,
    description: `tcp-xfer over a ${kind} link`,
    tags: [],
    topology: {
      root: 'relayroot', // it carries tcp-xfer
      nodes: {
        sink: {
          command: ['sh', '-c', `tcp-xfer sink ${PORT} ${COUNT} & ready-when-listening ${PORT}; wait $!`],
          nics: { eth0: ['10.0.0.1/24'] },
          readyByCommand: true,
          timeoutS: 120,
        },
        source: {
          command: ['tcp-xfer', 'source', '10.0.0.1', String(PORT), String(COUNT), '15'],
          nics: { eth0: ['10.0.0.2/24'] },
          after: ['sink'],
          timeoutS: 120,
        },
      },
      links: [{ a: 'sink.eth0', b: 'source.eth0', kind, name: 'l0' }],
    },
  }
}

interface Sample {
  mbps: number
  seconds: number
  /** Emulated only: frames the link process forwarded per second of transfer, and its CPU time per second of transfer (nearly all of its work is the transfer). */
  framesPerS?: number
  cpuShare?: number
}

async function measure(kind: Kind, resultsRoot: string, signal?: AbortSignal): Promise<Sample> {
  const result = await runAlone(transfer(kind), resultsRoot, signal)
  const source = result.report?.nodes.find((n) => n.node === 'source')
  const sent = source?.outputTail.map((l) => /^tcp-xfer source: sent (\d+) bytes in ([\d.]+) s/.exec(l)).find(Boolean)
  if (!result.passed || !sent)
    throw new Error(`${kind} run failed: ${result.problems.join('; ')}; logs in ${result.resultsDir}`)
  const seconds = Number(sent[2])
  const sample: Sample = { mbps: (Number(sent[1]) * 8) / seconds / 1e6, seconds }
  const link = result.report?.links.l0
  if (!link) return sample
  return {
    ...sample,
    framesPerS: (link.ab.txFrames + link.ba.txFrames) / seconds,
    cpuShare: link.cpuMs / (seconds * 1000),
  }
}

export async function bench({ runs = 3, signal }: BenchOptions): Promise<number> {
  const resultsRoot = await mkdtemp(join(tmpdir(), 'vmgate-bench-'))
  const samples: Record<Kind, Sample[]> = { direct: [], emulated: [] }
  try {
    for (let i = 0; i < runs; i++)
      for (const kind of KINDS) samples[kind].push(await measure(kind, resultsRoot, signal))
  } finally {
    await rm(resultsRoot, { recursive: true, force: true })
  }
  const med = (kind: Kind, pick: (s: Sample) => number | undefined) =>
    median(samples[kind].map(pick).filter((x) => x !== undefined))
  const [direct, emulated] = [med('direct', (s) => s.mbps), med('emulated', (s) => s.mbps)]
  const ratio = emulated / direct
  console.log(`two-guest TCP transfer (tcp-xfer, seq 1 ${COUNT}, SHA-256 in-stream), ${runs} runs each, alternating`)
  for (const kind of KINDS)
    console.log(
      `  ${kind.padEnd(9)} throughput median ${med(kind, (s) => s.mbps).toFixed(1)} Mbit/s   [${samples[kind].map((s) => s.mbps.toFixed(1)).join(' ')}]`,
    )
  console.log(
    `  link process: ${med('emulated', (s) => s.framesPerS).toFixed(0)} frames/s, CPU ${(100 * med('emulated', (s) => s.cpuShare)).toFixed(0)}% of a core per second of transfer`,
  )
  console.log(`  emulated/direct throughput ${ratio.toFixed(2)}  (goal >= 0.90${ratio >= 0.9 ? ', met' : ', NOT met'})`)
  console.log(JSON.stringify({ bench: 'topology', runs, samples, directMbps: direct, emulatedMbps: emulated, ratio }))
  return 0
}
