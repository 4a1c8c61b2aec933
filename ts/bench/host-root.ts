// vmgate bench host-root: `vmgate run --host-root -- true` (the host's / over
// 9p under a tmpfs overlay) against `vmgate run -- true` (our initramfs alone),
// alternating, several runs each. Prints the medians and their ratio.
import { runTool } from '../src/proc.js'
import { median, timed, type BenchOptions } from './stats.js'

// What vng took for `--exec true` on this machine (the measurement), for scale.
const VNG_MEDIAN_MS = 10_300

export async function bench({ runs = 7, cli, signal }: BenchOptions): Promise<number> {
  const plain = [cli, 'run', '--accel', 'tcg', '--', 'true']
  const hostRoot = [cli, 'run', '--accel', 'tcg', '--host-root', '--', 'true']
  // One of each first: the kernel and roots come from the store, not the build.
  await runTool(process.execPath, hostRoot, { what: 'vmgate run --host-root -- true (warm-up)' })
  const plainMs: number[] = []
  const hostRootMs: number[] = []
  for (let i = 0; i < runs; i++) {
    signal?.throwIfAborted()
    plainMs.push(await timed(() => runTool(process.execPath, plain, { what: 'vmgate run -- true' })))
    hostRootMs.push(await timed(() => runTool(process.execPath, hostRoot, { what: 'vmgate run --host-root -- true' })))
  }
  const [p, h] = [median(plainMs), median(hostRootMs)]
  console.log(`boot to verdict, ${runs} runs each, alternating`)
  console.log(
    `  vmgate run -- true              median ${p.toFixed(0)} ms   [${plainMs.map((x) => x.toFixed(0)).join(' ')}]`,
  )
  console.log(
    `  vmgate run --host-root -- true  median ${h.toFixed(0)} ms   [${hostRootMs.map((x) => x.toFixed(0)).join(' ')}]`,
  )
  console.log(`  ratio host-root/plain           ${(h / p).toFixed(3)}`)
  console.log(
    `  vng --exec true was ${VNG_MEDIAN_MS} ms here: host-root is ${(VNG_MEDIAN_MS / h).toFixed(1)}x faster (goal >= 5x${VNG_MEDIAN_MS / h >= 5 ? ', met' : ', NOT met'})`,
  )
  console.log(JSON.stringify({ bench: 'host-root', runs, plainMedianMs: p, hostRootMedianMs: h, ratio: h / p }))
  return 0
}
