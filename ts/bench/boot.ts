// vmgate bench boot: per arch and machine, the same kernel and initramfs booted to a
// verdict through `vmgate run --arch A --machine M -- true` and through the bare qemu
// command line it runs, alternating, several runs each. Prints the medians and
// the harness/raw ratio for each machine.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lowerings } from '../src/arch/index.js'
import { runTool } from '../src/proc.js'
import { median, timed, type BenchOptions } from './stats.js'

interface MachineResult {
  arch: string
  machine: string
  accel: string
  harnessMs: number[]
  rawMs: number[]
}

export async function bench({ runs = 7, cli, signal }: BenchOptions): Promise<number> {
  const results: MachineResult[] = []
  for (const arch of lowerings())
    for (const machine of arch.machines) results.push(await benchMachine(arch.name, machine.name, runs, cli, signal))
  let met = true
  console.log(`boot to verdict, ${runs} runs each, alternating`)
  for (const { arch, machine, accel, harnessMs, rawMs } of results) {
    const [h, r] = [median(harnessMs), median(rawMs)]
    met &&= h / r <= 1.1
    console.log(`${arch} ${machine} (accel ${accel})`)
    console.log(
      `  harness (vmgate run -- true)  median ${h.toFixed(0)} ms   [${harnessMs.map((x) => x.toFixed(0)).join(' ')}]`,
    )
    console.log(
      `  raw qemu, same argv           median ${r.toFixed(0)} ms   [${rawMs.map((x) => x.toFixed(0)).join(' ')}]`,
    )
    console.log(
      `  ratio harness/raw             ${(h / r).toFixed(3)}  (target <= 1.10${h / r <= 1.1 ? ', met' : ', NOT met'})`,
    )
  }
  const machines = results.map(({ arch, machine, accel, harnessMs, rawMs }) => ({
    arch,
    machine,
    accel,
    harnessMedianMs: median(harnessMs),
    rawMedianMs: median(rawMs),
    ratio: median(harnessMs) / median(rawMs),
  }))
  console.log(JSON.stringify({ bench: 'boot', runs, machines, met }))
  return 0
}

async function benchMachine(
  arch: string,
  machine: string,
  runs: number,
  cli: string,
  signal?: AbortSignal,
): Promise<MachineResult> {
  const guest = ['--arch', arch, '--machine', machine, '--accel', 'tcg']
  const harness = [cli, 'run', ...guest, '--', 'true']
  // The harness reports the exact qemu argv it used; the raw run replays it with the
  // verdict channel written to a file instead of the harness's socket.
  const report = JSON.parse(
    (
      await runTool(process.execPath, [cli, 'run', '--json', ...guest, '--', 'true'], {
        what: `vmgate run --json --arch ${arch} --machine ${machine}`,
      })
    ).stdout,
  )
  const scratch = await mkdtemp(join(tmpdir(), 'vmgate-bench-boot-'))
  const channelFile = join(scratch, 'channel.out')
  const [qemu, ...raw] = report.argv.map((arg: string) =>
    arg.startsWith('socket,id=vmgate0,') ? `file,id=vmgate0,path=${channelFile}` : arg,
  )
  const result: MachineResult = { arch, machine, accel: report.accel, harnessMs: [], rawMs: [] }
  try {
    for (let i = 0; i < runs; i++) {
      signal?.throwIfAborted()
      result.harnessMs.push(
        await timed(() =>
          runTool(process.execPath, harness, { what: `vmgate run --arch ${arch} --machine ${machine} -- true` }),
        ),
      )
      // spawns: qemu-x86_64 qemu-aarch64 (argv[0] is the qemu the harness resolved)
      result.rawMs.push(await timed(() => runTool(qemu, raw, { what: 'raw qemu, same argv' })))
      if (!(await readFile(channelFile, 'utf8')).includes('"status":"pass"'))
        throw new Error(`raw qemu run on ${machine} did not pass; the comparison would be meaningless`)
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
  return result
}
