// The one way vmgate runs a process. `runTool` runs one to its end (a build
// step, a query, a test target); `startProcess` starts one that lives beside
// the run (qemu, a link process, a bench's load generator). Both go through
// execa, both stop on Ctrl-C, and a failure is one InfraError carrying the
// argv, the exit code or signal, the duration and the tail of the output.
import { execa, execaNode, type Options, type ResultPromise } from 'execa'
import { setMaxListeners } from 'node:events'
import { createInterface } from 'node:readline'
import { InfraError } from './errors.js'
import { formatMs } from './duration.js'
import { liveGroups } from './process-groups.js'

export interface RunToolOptions {
  /** What the step is, for the error message ("build init", "ldd /usr/bin/wg"). */
  what: string
  cwd?: string
  /** More environment, over this process's; a variable given as undefined is removed. */
  env?: Record<string, string | undefined>
  /** Called for every output line (stdout and stderr), e.g. to count build steps. */
  onLine?: (line: string) => void
  /** A non-zero exit is a result, not an error: for test targets and queries (NOT_STARTED when it could not start). */
  allowFailure?: boolean
  /** Kill the tool after this long; with allowFailure it then exits TIMED_OUT. */
  timeoutMs?: number
  /** The user sees the tool's own output (apt-get); nothing is captured. */
  inherit?: boolean
  /** stdin is a pipe that stays open until the tool ends, instead of /dev/null. */
  holdStdinOpen?: boolean
}

export interface ToolResult {
  exitCode: number
  stdout: string
  stderr: string
  /** The last lines of stdout and stderr, interleaved as they came. */
  tail: string[]
}

/** The exit status a timed-out tool gets, as coreutils' timeout(1) gives it. */
export const TIMED_OUT = 124
/** The exit status of a tool that could not be started, as a shell gives it. */
export const NOT_STARTED = 127

// The process's cancellation: the CLI sets it so that Ctrl-C reaches every
// tool, however deep the step that started it, without threading it through.
let processSignal: AbortSignal | undefined

export function cancelToolsOn(signal: AbortSignal): void {
  // Every running tool listens on it: doctor asks some thirty at once.
  setMaxListeners(1000, signal)
  processSignal = signal
}

const TAIL_LINES = 40

/** Runs `file` to its end. Throws an InfraError unless it exits 0 (or `allowFailure`). */
export async function runTool(file: string, args: string[], options: RunToolOptions): Promise<ToolResult> {
  const started = performance.now()
  const tail: string[] = []
  const stdio = options.inherit ? 'inherit' : 'pipe'
  const execaOptions = {
    cwd: options.cwd,
    env: options.env,
    all: !options.inherit,
    stdin: options.holdStdinOpen ? 'pipe' : 'ignore',
    stdout: stdio,
    stderr: stdio,
    reject: false,
    cancelSignal: processSignal,
    timeout: options.timeoutMs,
  } as const satisfies Options
  const child = execa(file, args, execaOptions)
  if (child.all)
    eachLine(child.all, (line) => {
      tail.push(line)
      if (tail.length > TAIL_LINES) tail.shift()
      options.onLine?.(line)
    })
  const result = await child
  // Ctrl-C is not a tool failure: the abort reason goes up instead.
  if (processSignal?.aborted) throw processSignal.reason
  const done = { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), tail }
  if (options.allowFailure && result.timedOut) return { ...done, exitCode: TIMED_OUT }
  if (options.allowFailure)
    return result.exitCode === undefined
      ? { ...done, stderr: result.message ?? '', exitCode: NOT_STARTED }
      : { ...done, exitCode: result.exitCode }
  if (result.failed) {
    const how = result.signal
      ? `killed by ${result.signal}`
      : result.exitCode === undefined
        ? String(result.cause ?? result.message)
        : `exit ${result.exitCode}`
    throw new InfraError(
      `${options.what} failed (${how}, after ${formatMs(performance.now() - started)})\n$ ${[file, ...args].join(' ')}\n${tail.join('\n')}`,
    )
  }
  return { ...done, exitCode: 0 }
}

export interface StartOptions {
  what: string
  /** Its own process group, so a stop reaches everything it started. */
  group?: boolean
  stdin?: 'ignore' | 'inherit' | 'pipe'
  /** stdout lines; 'inherit' hands the terminal over (an interactive guest). */
  stdout?: ((line: string) => void) | 'inherit' | 'ignore'
  /** 'keep': collected for the exit report (qemu's own complaints). */
  stderr?: ((line: string) => void) | 'inherit' | 'ignore' | 'keep'
  /** A Node script with an IPC channel (the link process). */
  node?: boolean
  /** More environment, over this process's. */
  env?: Record<string, string>
}

export interface ProcessExit {
  code: number | undefined
  signal: string | undefined
  /** stderr when kept, or why it could not start. */
  stderr: string
}

// A stopped process gets this long between SIGTERM and SIGKILL.
const KILL_GRACE_MS = 2000

/** A running child. Its exit never rejects; `stop` ends it (and its group) on every path. */
export class Process {
  readonly exited: Promise<ProcessExit>

  constructor(
    private readonly child: ResultPromise,
    private readonly group: boolean,
  ) {
    if (group && child.pid) liveGroups.add(child.pid)
    this.exited = child.then((result): ProcessExit => {
      if (child.pid) liveGroups.delete(child.pid)
      // A spawn failure (no such file) has no stderr, only a message.
      const stderr = String(result.stderr ?? '') || (result.exitCode === undefined ? (result.message ?? '') : '')
      return { code: result.exitCode, signal: result.signal, stderr }
    })
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  get stdin(): NodeJS.WritableStream | null {
    return this.child.stdin
  }

  /** The IPC channel of a `node` process. */
  get ipc(): Pick<ResultPromise<{ ipc: true }>, 'sendMessage' | 'getOneMessage'> {
    return this.child as unknown as ResultPromise<{ ipc: true }>
  }

  signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid
    if (!pid) return
    try {
      if (this.group) process.kill(-pid, signal)
      else this.child.kill(signal)
    } catch {
      // Already gone.
    }
  }

  /**
   * Ends it: after `waitMs` for it to end by itself, SIGTERM, then SIGKILL
   * after `graceMs`; for a group, whatever it left goes too. Never throws.
   */
  async stop({ waitMs = 0, graceMs = KILL_GRACE_MS } = {}): Promise<ProcessExit> {
    const timers = [
      setTimeout(() => this.signal('SIGTERM'), waitMs),
      setTimeout(() => this.signal('SIGKILL'), waitMs + graceMs),
    ]
    const exit = await this.exited
    for (const timer of timers) clearTimeout(timer)
    if (this.group) this.signal('SIGKILL')
    return exit
  }
}

export function startProcess(file: string, args: string[], options: StartOptions): Process {
  const stream = (how: StartOptions['stderr']) =>
    typeof how === 'function' || how === 'keep' ? 'pipe' : (how ?? 'ignore')
  const execaOptions = {
    detached: options.group ?? false,
    stdin: options.stdin ?? 'ignore',
    stdout: stream(options.stdout),
    stderr: stream(options.stderr),
    buffer: { stdout: false, stderr: options.stderr === 'keep' },
    reject: false,
    cancelSignal: processSignal,
    env: options.env,
  } as const satisfies Options
  const child: ResultPromise = options.node
    ? execaNode(file, args, { ...execaOptions, ipc: true })
    : execa(file, args, execaOptions)
  if (typeof options.stdout === 'function' && child.stdout) eachLine(child.stdout, options.stdout)
  if (typeof options.stderr === 'function' && child.stderr) eachLine(child.stderr, options.stderr)
  return new Process(child, options.group ?? false)
}

function eachLine(input: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  createInterface({ input, crlfDelay: Infinity }).on('line', (line) => onLine(line.replace(/\r$/, '')))
}
