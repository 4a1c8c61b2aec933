// vmgate bench image: the trixie image booted under OVMF through the Machine
// API, and the same qemu argv run raw (its sockets served by a few bare
// listeners, no driver), alternating. Measures the time to multi-user.target
// and to the first command's answer on the shell port, and prints the
// harness/raw ratio of each. TCG, so these are minutes, not seconds.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Machine } from '../src/driver/machine.js'
import { EscapeStripper } from '../src/driver/escapes.js'
import { commandLine, resultPattern } from '../src/driver/framing.js'
import { InfraError } from '../src/errors.js'
import { PANIC_PATTERN } from '../src/guest/classify.js'
import { buildImage, type BuiltImage } from '../src/image/build.js'
import { loadImage } from '../src/image/definition.js'
import { autologinConsole } from '../src/image/smbios.js'
import { silentSink } from '../src/log.js'
import { startProcess } from '../src/proc.js'
import { Store } from '../src/store/store.js'
import { tool } from '../src/toolchain/resolve.js'
import { waitFor } from '../src/wait.js'
import { median, type BenchOptions } from './stats.js'

const MULTI_USER = /Reached target multi-user\.target/
const PROMPT = /root@[^\s:]+:[^\s]*# /
const BOOT_MS = 900_000
const SMBIOS = autologinConsole('ttyS1')

interface Times {
  multiUserMs: number
  firstSucceedMs: number
}

export async function bench({ runs = 1, signal }: BenchOptions): Promise<number> {
  const image = await buildImage(loadImage('trixie'), 'x86_64', Store.fromEnv(), silentSink)
  const harness: Times[] = []
  const raw: Times[] = []
  // The harness's console logs outlive its machines: a boot that times out can be read afterwards.
  const logDir = await mkdtemp(join(tmpdir(), 'vmgate-bench-image-logs-'))
  console.log(`console logs: ${logDir}`)
  for (let i = 0; i < runs; i++) {
    const { times, argv, workDir } = await harnessRun(image, join(logDir, `run${i + 1}`), signal)
    harness.push(times)
    raw.push(await rawRun(argv, workDir, signal))
  }
  const report = (key: keyof Times) => {
    const [h, r] = [median(harness.map((t) => t[key])), median(raw.map((t) => t[key]))]
    console.log(
      `${key}: harness median ${(h / 1000).toFixed(1)} s, raw ${(r / 1000).toFixed(1)} s, ratio ${(h / r).toFixed(3)}`,
    )
    return { harnessMedianMs: h, rawMedianMs: r, ratio: h / r }
  }
  console.log(`trixie under OVMF (q35, TCG), ${runs} run(s) each, alternating`)
  const result = { multiUser: report('multiUserMs'), firstSucceed: report('firstSucceedMs') }
  console.log(JSON.stringify({ bench: 'image', runs, harness, raw, ...result }))
  return 0
}

async function harnessRun(image: BuiltImage, logDir: string, signal?: AbortSignal) {
  await mkdir(logDir)
  const machine = await Machine.create({ name: 'bench', image, smbios: SMBIOS, logDir, log: silentSink, signal })
  try {
    const started = performance.now()
    await machine.start()
    await machine.waitForConsoleText(MULTI_USER, { timeoutMs: BOOT_MS })
    const multiUserMs = performance.now() - started
    await machine.succeed('true')
    const times = { multiUserMs, firstSucceedMs: performance.now() - started }
    return { times, argv: machine.argv, workDir: machine.workDir }
  } finally {
    await machine.dispose()
  }
}

/** The harness's argv with its work dir swapped for a fresh one; each socket it names gets a bare listener. */
async function rawRun(harnessArgv: string[], harnessDir: string, signal?: AbortSignal): Promise<Times> {
  const dir = await mkdtemp(join(tmpdir(), 'vmgate-bench-raw-'))
  const argv = harnessArgv.map((arg) => arg.split(harnessDir).join(dir))
  await mkdir(join(dir, 'boot1'))
  await copyFile(tool('ovmf-vars'), join(dir, 'efivars.fd'))
  const sockets = new Map<string, { text: string; socket?: Socket; server: Server }>()
  for (const path of argv.flatMap((arg) => [...arg.matchAll(/path=([^,]+\.sock)/g)].map((m) => m[1]))) {
    const entry: { text: string; socket?: Socket; server: Server } = { text: '', server: createServer() }
    entry.server.on('connection', (socket) => {
      entry.socket = socket
      // Escapes stripped as the driver strips them: systemd colours the unit names.
      const escapes = new EscapeStripper()
      socket.on('data', (chunk) => (entry.text += escapes.push(chunk.toString('latin1'))))
    })
    await new Promise<void>((resolve) => entry.server.listen(path, resolve))
    sockets.set(path.split('/').pop()!, entry)
  }
  const until = (name: string, pattern: RegExp) =>
    waitFor({ phase: `raw: ${pattern}`, timeoutMs: BOOT_MS, signal }, ({ resolve, reject }) => {
      const timer = setInterval(() => pattern.test(sockets.get(name)!.text) && resolve(undefined), 20)
      // A guest whose kernel failed never gets there: say so now, as the harness does.
      const panics = setInterval(() => {
        const panic = sockets
          .get('ttyS1.sock')!
          .text.split('\n')
          .find((line) => PANIC_PATTERN.test(line))
        if (panic) reject(new InfraError(`raw run: the guest's kernel failed (${panic.trim()})`))
      }, 1000)
      return () => {
        clearInterval(timer)
        clearInterval(panics)
      }
    })
  // argv[0] is the harness's qemu: the same binary, asked again by name.
  const qemu = startProcess(tool('qemu-x86_64'), argv.slice(1), { what: 'raw qemu', group: true })
  try {
    const started = performance.now()
    await until('ttyS1.sock', MULTI_USER)
    const multiUserMs = performance.now() - started
    await until('ttyS1.sock', PROMPT)
    sockets.get('ttyS1.sock')!.socket!.write(`setsid -f sh -c 'exec sh <>/dev/virtio-ports/vmgate.shell >&0 2>&1'\n`)
    const probe = setInterval(() => sockets.get('shell.sock')!.socket?.write(commandLine('raw', 'true')), 1000)
    await until('shell.sock', resultPattern('raw')).finally(() => clearInterval(probe))
    return { multiUserMs, firstSucceedMs: performance.now() - started }
  } finally {
    await qemu.stop({ graceMs: 1000 })
    for (const { server, socket } of sockets.values()) {
      socket?.destroy()
      server.close()
    }
    await rm(dir, { recursive: true, force: true })
  }
}
