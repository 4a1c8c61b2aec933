// vmgate bench relay: forwarded packets/s through relayd on loopback, side by
// side with two baselines in one run: a direct sender→receiver pair (the
// kernel's limit for this path) and socat relaying the same flow.
//
//   vmgate bench relay [--runs N]   (rounds; default 3)
//
// The sender and receiver are pkgs/relay/build/loadgen (sendmmsg/recvmmsg).
// Each trial counts what the receiver gets in a fixed window after a warm-up;
// paths alternate within a round and the median of the rounds is reported.
// Sizes: 64 bytes, and 1408, the WireGuard transport size nearest 1400
// (transport messages are a multiple of 16 bytes; relayd drops other sizes).
// Everything is bounded: each trial stops by itself after about 3 s.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { projectRoot } from '../../../../ts/src/paths.js'
import { runTool, startProcess, type Process } from '../../../../ts/src/proc.js'
import { tool } from '../../../../ts/src/toolchain/resolve.js'
import { waitFor } from '../../../../ts/src/wait.js'
import { median, type BenchOptions } from '../../../../ts/bench/stats.js'

const RELAY_DIR = path.join(projectRoot(), 'pkgs/relay')
const BIN = (name: string) => path.join(RELAY_DIR, 'build', name)
const SIZES = [64, 1408]
const PATHS = ['direct', 'relayd', 'socat'] as const
type PathName = (typeof PATHS)[number]

const WARMUP_MS = 300
const WINDOW_MS = 1500
const SEND_S = (WARMUP_MS + WINDOW_MS + 700) / 1000

/** A child whose output lines (of one stream) can be awaited by pattern. */
class Proc {
  readonly lines: string[] = []
  private readonly seen = new Set<() => void>()
  private process!: Process

  private constructor(private readonly argv: string[]) {}

  static start(cmd: string, args: string[], stream: 'stdout' | 'stderr' = 'stdout'): Proc {
    const proc = new Proc([cmd, ...args])
    const onLine = (line: string) => {
      proc.lines.push(line)
      for (const notify of proc.seen) notify()
    }
    proc.process = startProcess(cmd, args, { what: path.basename(cmd), stdin: 'pipe', [stream]: onLine })
    return proc
  }

  get stdin(): NodeJS.WritableStream | null {
    return this.process.stdin
  }

  match(re: RegExp, timeoutMs = 10000): Promise<RegExpExecArray> {
    const what = `${path.basename(this.argv[0])} printing ${re}`
    return waitFor(
      { phase: what, timeoutMs, lastState: () => this.lines.at(-1) ?? 'no output' },
      ({ resolve, reject }) => {
        const look = () => {
          for (const line of this.lines) {
            const m = re.exec(line)
            if (m) return resolve(m)
          }
        }
        this.seen.add(look)
        look()
        void this.process.exited.then(
          () => (look(), reject(new Error(`${this.argv.join(' ')} exited without ${re}:\n${this.lines.join('\n')}`))),
        )
        return () => this.seen.delete(look)
      },
    )
  }

  async stop(): Promise<void> {
    await this.process.stop()
  }
}

type Middle = { port: number; proc?: Proc; link(sport: number): Promise<unknown> }

/** Start the path under test in front of receiver port `rport`: the port the
 * sender aims at, and how to admit the sender once its port is known. */
async function startPath(name: PathName, rport: number, dir: string): Promise<Middle> {
  const none = async () => undefined
  if (name === 'direct') return { port: rport, link: none }
  if (name === 'socat') {
    const proc = Proc.start(
      tool('socat'),
      ['-d', '-d', 'UDP4-LISTEN:0,bind=127.0.0.1,rcvbuf=4194304', `UDP4:127.0.0.1:${rport}`],
      'stderr',
    )
    return { port: Number((await proc.match(/listening on UDP AF=2 127\.0\.0\.1:(\d+)/))[1]), proc, link: none }
  }
  const control = path.join(dir, 'relayd.sock')
  const proc = Proc.start(BIN('relayd'), ['--listen', '127.0.0.1:0', '--control', control], 'stderr')
  const port = Number((await proc.match(/event=listening .* port=(\d+)/))[1])
  const ctl = (...a: string[]) => runTool(BIN('relayctl'), ['-s', control, ...a], { what: `relayctl ${a[0]}` })
  const link = async (sport: number) => {
    await ctl('peer', 'add', 'sender', Buffer.alloc(32, 1).toString('base64'), `127.0.0.1:${sport}`)
    await ctl('peer', 'add', 'receiver', Buffer.alloc(32, 2).toString('base64'), `127.0.0.1:${rport}`)
    await ctl('link', 'add', 'sender', 'receiver')
  }
  return { port, proc, link }
}

async function trial(name: PathName, size: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-relay-'))
  const recv = Proc.start(BIN('loadgen'), ['recv', '127.0.0.1', String(WARMUP_MS), String(WINDOW_MS), '5000'])
  let send: Proc | undefined
  let middle: Middle | undefined
  try {
    const rport = Number((await recv.match(/^port=(\d+)/))[1])
    middle = await startPath(name, rport, dir)
    send = Proc.start(BIN('loadgen'), ['send', '127.0.0.1', `127.0.0.1:${middle.port}`, String(size), String(SEND_S)])
    await middle.link(Number((await send.match(/^port=(\d+)/))[1]))
    send.stdin!.write('go\n')
    const m = await recv.match(/^packets=(\d+) seconds=([\d.]+) pps=(\d+) bad=(\d+)/, 15000)
    if (Number(m[4]) !== 0) throw new Error(`${name}: ${m[4]} datagrams of the wrong size arrived`)
    return Number(m[3])
  } finally {
    await Promise.all([send?.stop(), recv.stop(), middle?.proc?.stop()])
    rmSync(dir, { recursive: true, force: true })
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10)

/** Exit status 1 when a 64-byte target is missed, so the bench can gate. */
export async function bench({ runs: ROUNDS = 3, signal }: BenchOptions): Promise<number> {
  await runTool(tool('make'), ['-s', '-C', RELAY_DIR, 'bench'], { what: 'build the relay bench' })
  const results = new Map<string, number[]>()
  for (let round = 1; round <= ROUNDS; round++) {
    for (const size of SIZES) {
      for (const name of PATHS) {
        signal?.throwIfAborted()
        const pps = await trial(name, size)
        const key = `${name}/${size}`
        results.set(key, [...(results.get(key) ?? []), pps])
        process.stderr.write(`round ${round}/${ROUNDS} ${key.padEnd(12)} ${fmt(pps)} pps\n`)
      }
    }
  }
  console.log(
    `\nforwarded packets/s on loopback, median of ${ROUNDS} rounds, ${WINDOW_MS} ms windows, ${os.cpus().length} cores`,
  )
  console.log(
    `${'bytes'.padStart(6)} ${'direct'.padStart(10)} ${'relayd'.padStart(10)} ${'socat'.padStart(10)}   relayd/direct  relayd/socat`,
  )
  let ok = true
  for (const size of SIZES) {
    const [d, r, s] = PATHS.map((p) => median(results.get(`${p}/${size}`)!))
    console.log(
      `${String(size).padStart(6)} ${fmt(d!)} ${fmt(r!)} ${fmt(s!)}   ${(r! / d!).toFixed(2).padStart(13)}  ${(r! / s!).toFixed(2).padStart(12)}`,
    )
    if (size === 64) {
      const vsDirect = r! / d! >= 0.5,
        vsSocat = r! / s! >= 2
      console.log(
        `target at 64 bytes: relayd ≥ 50% of direct: ${vsDirect ? 'met' : 'MISSED'}; relayd ≥ 2× socat: ${vsSocat ? 'met' : 'MISSED'}`,
      )
      ok = vsDirect && vsSocat
    }
  }
  return ok ? 0 : 1
}
