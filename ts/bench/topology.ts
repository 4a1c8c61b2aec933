// vmgate bench topology: the two-guest TCP exchange on a direct link and on an
// emulated link with no impairment, alternating, measured side by side. Prints
// wall time and throughput for both and the emulated/direct ratios.
import { scenarios } from '../scenarios/index.js'
import { silentSink } from '../src/log.js'
import { runScenarios } from '../src/scenario/runner.js'
import { Store } from '../src/store/store.js'
import { median, type BenchOptions } from './stats.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export async function bench({ runs = 3, signal }: BenchOptions): Promise<number> {
  const pick = (name: string) => scenarios.find((s) => s.name === name)!
  const kinds = { direct: pick('tcp[link=direct,impairment=none]'), emulated: pick('tcp[link=emulated,impairment=none]') }
  const resultsRoot = await mkdtemp(join(tmpdir(), 'vmgate-bench-'))
  const measured: Record<keyof typeof kinds, { wallMs: number[]; mbps: number[] }> = { direct: { wallMs: [], mbps: [] }, emulated: { wallMs: [], mbps: [] } }

  for (let i = 0; i < runs; i++) {
    for (const kind of ['direct', 'emulated'] as const) {
      const { results: [result] } = await runScenarios([kinds[kind]], { store: Store.fromEnv(), log: silentSink, accel: 'auto', seed: 1, resultsRoot, concurrency: 1, signal })
      if (!result.passed) throw new Error(`${kind} run failed: ${result.problems.join('; ')}`)
      const client = result.report!.nodes.find((n) => n.node === 'client')!
      const sent = client.outputTail.map((l) => /^source: sent (\d+) bytes in ([\d.]+) s$/.exec(l)).find(Boolean)!
      measured[kind].wallMs.push(result.durationMs)
      measured[kind].mbps.push((Number(sent[1]) * 8) / Number(sent[2]) / 1e6)
    }
  }
  await rm(resultsRoot, { recursive: true, force: true })

  const row = (kind: keyof typeof kinds) => {
    const { wallMs, mbps } = measured[kind]
    return `  ${kind.padEnd(9)} wall median ${(median(wallMs) / 1000).toFixed(2)} s   throughput median ${median(mbps).toFixed(1)} Mbit/s   [${mbps.map((x) => x.toFixed(1)).join(' ')}]`
  }
  console.log(`two-guest TCP exchange (588,895 bytes, SHA-256 checked), ${runs} runs each, alternating`)
  console.log(row('direct'))
  console.log(row('emulated'))
  const wallRatio = median(measured.emulated.wallMs) / median(measured.direct.wallMs)
  const throughputRatio = median(measured.emulated.mbps) / median(measured.direct.mbps)
  console.log(`  emulated/direct: wall ${wallRatio.toFixed(2)}x, throughput ${throughputRatio.toFixed(2)}x`)
  console.log(JSON.stringify({ bench: 'topology', runs, direct: measured.direct, emulated: measured.emulated, wallRatio, throughputRatio }))
  return 0
}
