// vmgate bench boot: per arch and machine, the same kernel and initramfs booted to a
// verdict three ways, alternating, several runs each: `vmgate run --cold -- true`
// (a real boot), `vmgate run -- true` (restored from the shape's snapshot), and the
// bare qemu command line of the cold run, fed its run line by a bare socket.
// Prints the medians and cold/raw, warm/raw and warm/cold for each machine, and
// what Node's own start costs here (cold pays it, raw does not), with and without
// NODE_EXTRA_CA_CERTS when that is set: Node parses the file at every start. Each
// machine's "floor" is the cold/raw that Node's start alone costs against raw.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lowerings } from '../src/arch/index.js'
import { guestParams, runLine } from '../src/guest/params.js'
import { runTool } from '../src/proc.js'
import { median, timed, type BenchOptions } from './stats.js'

const GOALS = { coldRaw: 1.05, warmRaw: 0.5 }

interface MachineResult {
  arch: string
  machine: string
  accel: string
  coldMs: number[]
  warmMs: number[]
  rawMs: number[]
}

export async function bench({ runs = 7, cli, signal }: BenchOptions): Promise<number> {
  const results: MachineResult[] = []
  for (const arch of lowerings())
    for (const machine of arch.machines) results.push(await benchMachine(arch.name, machine.name, runs, cli, signal))
  const node = await nodeStart(runs, signal)
  const nodeStartMs = Object.fromEntries(Object.entries(node).map(([label, ms]) => [label, median(ms)]))
  console.log(`boot to verdict, ${runs} runs each, alternating`)
  const machines = results.map((result) => report(result, nodeStartMs.asRun))
  reportNodeStart(node)
  console.log(JSON.stringify({ bench: 'boot', runs, machines, nodeStartMs, met: machines.every((m) => m.met) }))
  return 0
}

/**
 * One machine's medians and ratios. `nodeFloor` is 1 + Node's own start over raw:
 * the cold/raw that a harness doing nothing at all before qemu's spawn would read.
 */
function report({ arch, machine, accel, coldMs, warmMs, rawMs }: MachineResult, nodeStartMs: number) {
  const [cold, warm, raw] = [median(coldMs), median(warmMs), median(rawMs)]
  const ratios = { coldRaw: cold / raw, warmRaw: warm / raw, warmCold: warm / cold, nodeFloor: 1 + nodeStartMs / raw }
  const met = ratios.coldRaw <= GOALS.coldRaw && ratios.warmRaw <= GOALS.warmRaw
  const goal = (label: string, ratio: number, target?: number) =>
    console.log(
      `  ${label.padEnd(34)} ${ratio.toFixed(3)}${target ? `  (goal <= ${target}${ratio <= target ? ', met' : ', NOT met'})` : ''}`,
    )
  console.log(`${arch} ${machine} (accel ${accel})`)
  row('cold (vmgate run --cold -- true)', coldMs)
  row('warm (vmgate run -- true, restored)', warmMs)
  row('raw qemu, the cold argv', rawMs)
  goal('cold/raw', ratios.coldRaw, GOALS.coldRaw)
  goal('warm/raw', ratios.warmRaw, GOALS.warmRaw)
  goal('warm/cold', ratios.warmCold)
  goal("cold/raw floor (node's start)", ratios.nodeFloor)
  console.log(`  ${'cold - raw'.padEnd(34)} ${(cold - raw).toFixed(0)} ms`)
  return { arch, machine, accel, coldMedianMs: cold, warmMedianMs: warm, rawMedianMs: raw, ...ratios, met }
}

async function benchMachine(
  arch: string,
  machine: string,
  runs: number,
  cli: string,
  signal?: AbortSignal,
): Promise<MachineResult> {
  const guest = ['--arch', arch, '--machine', machine, '--accel', 'tcg']
  const vmgate = (flags: string[]) =>
    runTool(process.execPath, [cli, 'run', ...flags, ...guest, '--', 'true'], {
      what: `vmgate run ${flags.join(' ')} --arch ${arch} --machine ${machine}`,
    })
  // The cold run reports the exact qemu argv it used; the raw run replays it. The
  // warm-up run saves the shape's snapshot, so that every warm run restores it.
  const report = JSON.parse((await vmgate(['--cold', '--json'])).stdout)
  await vmgate([])
  const scratch = await mkdtemp(join(tmpdir(), 'vmgate-bench-boot-'))
  const channel = join(scratch, 'channel.sock')
  const [qemu, ...raw] = report.argv.map((arg: string) =>
    arg.startsWith('socket,id=vmgate0,') ? `socket,id=vmgate0,path=${channel}` : arg,
  )
  const result: MachineResult = { arch, machine, accel: report.accel, coldMs: [], warmMs: [], rawMs: [] }
  try {
    for (let i = 0; i < runs; i++) {
      signal?.throwIfAborted()
      result.coldMs.push(await timed(() => vmgate(['--cold'])))
      result.warmMs.push(await timed(() => vmgate([])))
      result.rawMs.push(await timed(() => rawRun(qemu, raw, channel)))
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
  return result
}

/** qemu alone, with a bare socket that hands the guest its run and keeps what comes back; it must pass. */
async function rawRun(qemu: string, argv: string[], channel: string): Promise<void> {
  const words = guestParams({ nonce: 'raw', role: 'node', command: ['true'], timeoutS: 60, debug: false })
  let received = ''
  const server = createServer((socket) => {
    socket.on('data', (data) => (received += data))
    socket.write(runLine(words))
  })
  await new Promise<void>((resolve) => server.listen(channel, resolve))
  try {
    // spawns: qemu-x86_64 qemu-aarch64 (argv[0] is the qemu the harness resolved)
    await runTool(qemu, argv, { what: 'raw qemu, the cold argv' })
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
  if (!received.includes('"status":"pass"'))
    throw new Error('a raw qemu run did not pass; the comparison would be meaningless')
}

const EXTRA_CA = 'NODE_EXTRA_CA_CERTS'

/** `node -e 0` as the cold runs start it, and without NODE_EXTRA_CA_CERTS when that is set; alternating. */
async function nodeStart(runs: number, signal?: AbortSignal): Promise<Record<string, number[]>> {
  const start = (env?: Record<string, undefined>) =>
    timed(() => runTool(process.execPath, ['-e', '0'], { what: 'node -e 0', env }))
  const times: Record<string, number[]> = { asRun: [] }
  if (process.env[EXTRA_CA]) times.withoutExtraCa = []
  for (let i = 0; i < runs; i++) {
    signal?.throwIfAborted()
    times.asRun.push(await start())
    times.withoutExtraCa?.push(await start({ [EXTRA_CA]: undefined }))
  }
  return times
}

function reportNodeStart(times: Record<string, number[]>): void {
  console.log("node's own start (node -e 0), part of every cold run")
  row(process.env[EXTRA_CA] ? `as run (${EXTRA_CA} set)` : 'as run', times.asRun)
  if (times.withoutExtraCa) row(`without ${EXTRA_CA}`, times.withoutExtraCa)
}

function row(label: string, ms: number[]): void {
  console.log(`  ${label.padEnd(34)} median ${median(ms).toFixed(0)} ms   [${ms.map((x) => x.toFixed(0)).join(' ')}]`)
}
