// vmgate bench boot: per machine, the same kernel and initramfs booted to a
// verdict through `vmgate run --machine M -- true` and through the bare qemu
// command line it runs, alternating, several runs each. Prints the medians and
// the harness/raw ratio for each machine.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_ARCH, lowering } from '../src/arch/index.js'
import { runTool } from '../src/proc.js'
import { median, timed, type BenchOptions } from './stats.js'

interface MachineResult {
  machine: string
  accel: string
  harnessMs: number[]
  rawMs: number[]
}

export async function bench({ runs = 7, cli, signal }: BenchOptions): Promise<number> {
  const results: MachineResult[] = []
  for (const machine of lowering(DEFAULT_ARCH).machines) results.push(await benchMachine(machine.name, runs, cli, signal))
  let met = true
  console.log(`boot to verdict, ${runs} runs each, alternating`)
  for (const { machine, accel, harnessMs, rawMs } of results) {
    const [h, r] = [median(harnessMs), median(rawMs)]
    met &&= h / r <= 1.1
    console.log(`${machine} (accel ${accel})`)
    console.log(`  harness (vmgate run -- true)  median ${h.toFixed(0)} ms   [${harnessMs.map((x) => x.toFixed(0)).join(' ')}]`)
    console.log(`  raw qemu, same argv           median ${r.toFixed(0)} ms   [${rawMs.map((x) => x.toFixed(0)).join(' ')}]`)
    console.log(`  ratio harness/raw             ${(h / r).toFixed(3)}  (target <= 1.10${h / r <= 1.1 ? ', met' : ', NOT met'})`)
  }
  const machines = results.map(({ machine, accel, harnessMs, rawMs }) => ({ machine, accel, harnessMedianMs: median(harnessMs), rawMedianMs: median(rawMs), ratio: median(harnessMs) / median(rawMs) }))
  console.log(JSON.stringify({ bench: 'boot', runs, arch: DEFAULT_ARCH, machines, met }))
  return 0
}

async function benchMachine(machine: string, runs: number, cli: string, signal?: AbortSignal): Promise<MachineResult> {
  const harness = [cli, 'run', '--machine', machine, '--accel', 'tcg', '--', 'true']
  // The harness reports the exact qemu argv it used; the raw run replays it with the
  // verdict channel written to a file instead of the harness's socket.
  const report = JSON.parse((await runTool(process.execPath, [cli, 'run', '--json', '--machine', machine, '--accel', 'tcg', '--', 'true'], { what: `vmgate run --json --machine ${machine}` })).stdout)
  const scratch = await mkdtemp(join(tmpdir(), 'vmgate-bench-boot-'))
  const channelFile = join(scratch, 'channel.out')
  const [qemu, ...raw] = report.argv.map((arg: string) => (arg.startsWith('socket,id=vmgate0,') ? `file,id=vmgate0,path=${channelFile}` : arg))
  const result: MachineResult = { machine, accel: report.accel, harnessMs: [], rawMs: [] }
  try {
    for (let i = 0; i < runs; i++) {
      signal?.throwIfAborted()
      result.harnessMs.push(await timed(() => runTool(process.execPath, harness, { what: `vmgate run --machine ${machine} -- true` })))
      // spawns: qemu-x86_64 (argv[0] is the qemu the harness resolved)
      result.rawMs.push(await timed(() => runTool(qemu, raw, { what: 'raw qemu, same argv' })))
      if (!(await readFile(channelFile, 'utf8')).includes('"status":"pass"')) throw new Error(`raw qemu run on ${machine} did not pass; the comparison would be meaningless`)
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
  return result
}
