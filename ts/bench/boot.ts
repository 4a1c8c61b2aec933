// vmgate bench boot: the same kernel and initramfs booted to a verdict through
// `vmgate run -- true` and through the bare qemu command line it runs,
// alternating, several runs each. Prints the medians and the harness/raw ratio.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runTool } from '../src/proc.js'
import { median, timed, type BenchOptions } from './stats.js'

export async function bench({ runs = 7, cli, signal }: BenchOptions): Promise<number> {
  const harness = [cli, 'run', '--accel', 'tcg', '--', 'true']

  // The harness reports the exact qemu argv it used; the raw run replays it with the
  // verdict channel written to a file instead of the harness's socket.
  const report = JSON.parse((await runTool(process.execPath, [cli, 'run', '--json', '--accel', 'tcg', '--', 'true'], { what: 'vmgate run --json' })).stdout)
  const scratch = await mkdtemp(join(tmpdir(), 'vmgate-bench-boot-'))
  const channelFile = join(scratch, 'channel.out')
  const [qemu, ...raw] = report.argv.map((arg: string) => (arg.startsWith('socket,id=vmgate0,') ? `file,id=vmgate0,path=${channelFile}` : arg))

  const harnessMs: number[] = []
  const rawMs: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      signal?.throwIfAborted()
      harnessMs.push(await timed(() => runTool(process.execPath, harness, { what: 'vmgate run -- true' })))
      // spawns: qemu-x86_64 (argv[0] is the qemu the harness resolved)
      rawMs.push(await timed(() => runTool(qemu, raw, { what: 'raw qemu, same argv' })))
      if (!(await readFile(channelFile, 'utf8')).includes('"status":"pass"')) throw new Error('raw qemu run did not pass; the comparison would be meaningless')
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
  const [h, r] = [median(harnessMs), median(rawMs)]
  const ratio = h / r
  console.log(`boot to verdict, ${runs} runs each, alternating (accel ${report.accel})`)
  console.log(`  harness (vmgate run -- true)  median ${h.toFixed(0)} ms   [${harnessMs.map((x) => x.toFixed(0)).join(' ')}]`)
  console.log(`  raw qemu, same argv           median ${r.toFixed(0)} ms   [${rawMs.map((x) => x.toFixed(0)).join(' ')}]`)
  console.log(`  ratio harness/raw             ${ratio.toFixed(3)}  (target <= 1.10${ratio <= 1.1 ? ', met' : ', NOT met'})`)
  console.log(JSON.stringify({ bench: 'boot', runs, accel: report.accel, harnessMedianMs: h, rawMedianMs: r, ratio }))
  return 0
}
