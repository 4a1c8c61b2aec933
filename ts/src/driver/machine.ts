// The Machine API for unmodified images, after the NixOS test driver's verbs:
// wait for console text and send a line on a named console; succeed, fail,
// waitUntilSucceeds and waitForUnit over a shell on the virtio-serial port
// (no kernel messages there); start, shutdown, crash, block and unblock.
// Each call is a timed, nested step; every wait goes through wait.ts. A check
// that doesn't hold is a TestFailure (exit 1); qemu dying or failing to start
// is an InfraError (exit 3).
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Accel } from '../arch/types.js'
import { InfraError, TestFailure } from '../errors.js'
import type { LogSink } from '../log.js'
import { startProcess, type Process, type ProcessExit } from '../proc.js'
import { tool } from '../toolchain/resolve.js'
import { imageArch, type ImageArch } from '../image/arch.js'
import { imageBootArgs } from '../image/boot-args.js'
import { privateFirmware } from '../image/firmware.js'
import type { SmbiosConfig } from '../image/smbios.js'
import { PhaseTimeout, poll, waitFor, type Look } from '../wait.js'
import { Console } from './console.js'
import { Qmp } from './qmp.js'
import { Shell } from './shell.js'
import { Steps } from './steps.js'

export interface MachineConfig {
  name: string
  /** The image's disk (BuiltImage.disk) and arch. */
  image: { disk: string; arch: string }
  smbios?: SmbiosConfig
  /** Raw disk images attached as virtio-blk after the image (vdb, vdc …). */
  disks?: string[]
  /** A passt socket (netns/passt.ts): the guest's one NIC. */
  nic?: { socket: string; mac?: string }
  accel?: Accel
  cpus?: number
  memoryMib?: number
  /** Console logs go here; the machine's own temp dir when absent. */
  logDir?: string
  log: LogSink
  signal?: AbortSignal
}

/** Every wait a test doesn't bound itself: systemd images boot in minutes under loaded TCG. */
export const DEFAULT_TIMEOUT_MS = 600_000

export class Machine {
  private qemu: Process | undefined
  private consoles = new Map<string, Console>()
  private qmp: Qmp | undefined
  private shell: Shell | undefined
  private boots = 0
  private readonly steps: Steps
  readonly arch: ImageArch
  /** The argv of the last start: what a bench runs raw. */
  argv: string[] = []

  private constructor(
    readonly config: MachineConfig,
    readonly workDir: string,
    private readonly firmware: { code: string; vars: string },
  ) {
    this.steps = new Steps(config.log)
    this.arch = imageArch(config.image.arch)
  }

  static async create(config: MachineConfig): Promise<Machine> {
    const workDir = await mkdtemp(join(tmpdir(), `vmgate-image-${config.name}-`))
    return new Machine(config, workDir, await privateFirmware(imageArch(config.image.arch), workDir))
  }

  get name(): string {
    return this.config.name
  }

  /** The console the kernel's messages and the autologin shell are on: the arch's last serial. */
  get kernelConsole(): string {
    return this.arch.serials[this.arch.serials.length - 1]
  }

  start(): Promise<void> {
    return this.steps.run(`${this.name} ▸ start`, () => this.launch())
  }

  private async launch(): Promise<void> {
    if (this.qemu) throw new InfraError(`${this.name}: start while running; shutdown or crash it first`)
    const boot = join(this.workDir, `boot${++this.boots}`)
    await mkdir(boot)
    const logDir = this.config.logDir ?? this.workDir
    const open = async (name: string, kind: 'console' | 'output' = 'console') => {
      const console = new Console(
        `${this.name}:${name}`,
        join(boot, `${name}.sock`),
        join(logDir, `${this.name}-${name}.log`),
        this.config.log,
        kind,
      )
      await console.listen()
      this.consoles.set(name, console)
      return console
    }
    for (const serial of this.arch.serials) await open(serial)
    const shellPort = await open('shell', 'output')
    this.qmp = new Qmp(join(boot, 'qmp.sock'), this.name)
    await this.qmp.listen()
    const nic = this.config.nic && { socket: this.config.nic.socket, mac: this.config.nic.mac ?? '52:54:00:12:34:56' }
    this.argv = [
      tool(this.arch.arch.tools.qemu),
      ...imageBootArgs({
        image: this.arch,
        accel: this.config.accel ?? 'tcg',
        cpus: this.config.cpus ?? 2,
        memoryMib: this.config.memoryMib ?? 1024,
        firmware: this.firmware,
        disk: this.config.image.disk,
        attached: this.config.disks ?? [],
        sockets: {
          serials: Object.fromEntries(this.arch.serials.map((s) => [s, this.consoles.get(s)!.path])),
          shell: shellPort.path,
          qmp: this.qmp.path,
        },
        nic,
        smbios: this.config.smbios ?? {},
      }),
    ]
    // setpriv: qemu dies with vmgate, even a SIGKILLed one; its own group, so a stop reaches all of it.
    this.qemu = startProcess(tool('setpriv'), ['--pdeathsig', 'KILL', ...this.argv], {
      what: `qemu (${this.name})`,
      group: true,
      stderr: 'keep',
    })
    this.shell = new Shell(shellPort, randomBytes(4).toString('hex'))
  }

  console(name: string = this.kernelConsole): Console {
    const found = this.consoles.get(name)
    if (!found)
      throw new InfraError(`${this.name}: no console '${name}'; it has ${[...this.consoles.keys()].join(', ')}`)
    return found
  }

  waitForConsoleText(pattern: RegExp, options: { console?: string; timeoutMs?: number } = {}): Promise<string> {
    const console = this.console(options.console)
    return this.steps.run(`${this.name} ▸ waitForConsoleText(${pattern}) on ${console.label}`, async () => {
      const wait = console.waitForText(pattern, {
        phase: `wait for ${pattern} on ${console.label}`,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        signal: this.config.signal,
      })
      return (await this.guard(wait))[0]
    })
  }

  async sendLine(line: string, options: { console?: string } = {}): Promise<void> {
    const console = this.console(options.console)
    await this.steps.run(`${this.name} ▸ sendLine(${JSON.stringify(line)}) on ${console.label}`, async () =>
      console.write(`${line}\n`),
    )
  }

  /**
   * Opens the shell on the virtio-serial port from the kernel console: waits for
   * the root prompt the autologin credential gives there, then starts sh on the port.
   */
  openShell(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.steps.run(`${this.name} ▸ openShell`, async () => {
      await this.waitForConsoleText(/root@[^\s:]+:[^\s]*# /, { timeoutMs: options.timeoutMs })
      await this.sendLine(`setsid -f sh -c 'exec sh <>/dev/virtio-ports/vmgate.shell >&0 2>&1'`)
      await this.guard(this.requireShell().handshake(this.config.signal))
    })
  }

  /** Runs `command` in the guest's shell; its stdout and stderr together. Throws a TestFailure on a non-zero exit. */
  succeed(command: string, options: { timeoutMs?: number } = {}): Promise<string> {
    return this.steps.run(`${this.name} ▸ succeed(${JSON.stringify(command)})`, async () => {
      const result = await this.execute(command, options.timeoutMs)
      if (result.status !== 0)
        throw new TestFailure(
          `${this.name}: succeed(${JSON.stringify(command)}) exited ${result.status}; its output:\n${result.output}`,
        )
      return result.output
    })
  }

  /** The inverse: throws a TestFailure when `command` exits 0. */
  fail(command: string, options: { timeoutMs?: number } = {}): Promise<string> {
    return this.steps.run(`${this.name} ▸ fail(${JSON.stringify(command)})`, async () => {
      const result = await this.execute(command, options.timeoutMs)
      if (result.status === 0)
        throw new TestFailure(`${this.name}: fail(${JSON.stringify(command)}) exited 0; its output:\n${result.output}`)
      return result.output
    })
  }

  waitUntilSucceeds(command: string, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<string> {
    return this.steps.run(`${this.name} ▸ waitUntilSucceeds(${JSON.stringify(command)})`, () =>
      this.retry(`wait until ${JSON.stringify(command)} succeeds`, options, async () => {
        const result = await this.execute(command)
        return result.status === 0
          ? { done: true, value: result.output }
          : { done: false, state: `exit ${result.status}: ${result.output.trim()}` }
      }),
    )
  }

  /** Waits until systemd says `unit` is active; a unit that failed fails at once. */
  waitForUnit(unit: string, options: { timeoutMs?: number } = {}): Promise<void> {
    return this.steps.run(`${this.name} ▸ waitForUnit(${unit})`, () =>
      this.retry(`wait for unit ${unit}`, options, async () => {
        const state = (await this.execute(`systemctl is-active ${unit}`)).output.trim()
        if (state === 'active') return { done: true, value: undefined }
        if (state === 'failed')
          throw new TestFailure(
            `${this.name}: unit ${unit} failed:\n${(await this.execute(`systemctl status --no-pager ${unit}`)).output}`,
          )
        return { done: false, state: `${unit} is ${state}` }
      }),
    )
  }

  /** ACPI power button, then waits for qemu to end: the guest's own clean shutdown. */
  shutdown(options: { timeoutMs?: number } = {}): Promise<void> {
    return this.steps.run(`${this.name} ▸ shutdown`, async () => {
      const qemu = this.running()
      await this.qmp!.execute('system_powerdown')
      const phase = {
        phase: `${this.name} shutdown`,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        signal: this.config.signal,
      }
      await waitFor(phase, ({ resolve }) => {
        void qemu.exited.then(resolve)
        return () => {}
      }).catch((error) => {
        throw error instanceof PhaseTimeout
          ? new TestFailure(`${this.name}: the guest did not power off: ${error.message}`)
          : error
      })
      await this.release()
    })
  }

  /** Pulls the plug: qemu is killed, the guest gets no say. */
  crash(): Promise<void> {
    return this.steps.run(`${this.name} ▸ crash`, async () => {
      this.running().signal('SIGKILL')
      await this.release()
    })
  }

  /** Takes the NIC's link down (the guest sees carrier loss) and back up. */
  block(): Promise<void> {
    return this.steps.run(`${this.name} ▸ block`, () => this.setLink(false))
  }

  unblock(): Promise<void> {
    return this.steps.run(`${this.name} ▸ unblock`, () => this.setLink(true))
  }

  private async setLink(up: boolean): Promise<void> {
    if (!this.config.nic)
      throw new InfraError(`${this.name}: no NIC to ${up ? 'unblock' : 'block'}; give the machine a nic`)
    this.running()
    await this.qmp!.execute('set_link', { name: 'net0', up })
  }

  private async execute(command: string, timeoutMs?: number) {
    await this.ensureShell(timeoutMs)
    return this.guard(
      this.requireShell().run(command, { timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: this.config.signal }),
    )
  }

  /** The shell, opened first if need be: a wait's own polling then only runs commands. */
  private async ensureShell(timeoutMs?: number): Promise<void> {
    if (!this.shell?.opened) await this.openShell({ timeoutMs })
  }

  private async retry<T>(
    what: string,
    options: { timeoutMs?: number; everyMs?: number },
    check: () => Promise<Look<T>>,
  ): Promise<T> {
    await this.ensureShell(options.timeoutMs)
    return poll(
      {
        phase: what,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        everyMs: options.everyMs ?? 1000,
        signal: this.config.signal,
      },
      check,
    ).catch((error) => {
      throw error instanceof PhaseTimeout ? new TestFailure(`${this.name}: ${error.message}`) : error
    })
  }

  /**
   * A wait that qemu's end or a kernel panic cuts short with an InfraError (the
   * machine failed, not the test), and whose timeout is a TestFailure naming
   * what it waited for.
   */
  private async guard<T>(wait: Promise<T>): Promise<T> {
    const qemu = this.running()
    const kernel = this.console()
    const broken = (why: string) =>
      new InfraError(`${this.name}: ${why} while the test waited; ${kernel.label} tail:\n${kernel.tail(30).join('\n')}`)
    const died = qemu.exited.then((exit) => {
      throw broken(`qemu ended (${describeExit(exit)})`)
    })
    let onPanic: (() => void) | undefined
    const panicked = new Promise<never>((_, reject) => {
      onPanic = () => reject(broken(`the guest's kernel failed (${kernel.panicLine!.trim()})`))
      if (kernel.panicLine) onPanic()
      else kernel.once('panic', onPanic)
    })
    try {
      return await Promise.race([wait, died, panicked])
    } catch (error) {
      if (error instanceof PhaseTimeout) throw new TestFailure(`${this.name}: ${error.message}`)
      throw error
    } finally {
      kernel.off('panic', onPanic!)
    }
  }

  private running(): Process {
    if (!this.qemu) throw new InfraError(`${this.name}: not running; start it first`)
    return this.qemu
  }

  private requireShell(): Shell {
    if (!this.shell) throw new InfraError(`${this.name}: not running; start it first`)
    return this.shell
  }

  /** Ends qemu (if it still runs) and closes this boot's sockets. Never throws. */
  private async release(): Promise<void> {
    await this.qemu?.stop({ graceMs: 2000 })
    await Promise.all([...this.consoles.values()].map((c) => c.close().catch(() => {})))
    await this.qmp?.close().catch(() => {})
    this.consoles.clear()
    this.qemu = undefined
    this.shell = undefined
  }

  /** Ends everything and removes the work dir (private firmware vars, sockets). Never throws. */
  async dispose(): Promise<void> {
    await this.release()
    await rm(this.workDir, { recursive: true, force: true }).catch(() => {})
  }
}

function describeExit(exit: ProcessExit): string {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit ${exit.code}`
  return exit.stderr.trim() ? `${how}: ${exit.stderr.trim().split('\n').slice(-3).join('; ')}` : how
}
