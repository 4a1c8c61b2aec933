// Runs a build tool. A failure becomes one InfraError carrying the argv, the
// exit code or signal, the duration and the tail of the output.
import { execa, type Options } from 'execa'
import { InfraError } from './errors.js'
import { formatMs } from './duration.js'

export interface RunToolOptions {
  cwd?: string
  env?: Record<string, string>
  /** Called for every output line, e.g. to count build steps. */
  onLine?: (line: string) => void
  what: string
  /** Return a non-zero exit status instead of throwing: for test targets, whose failure is a result. */
  allowFailure?: boolean
  /** Kill the tool after this long; with allowFailure it then returns TIMED_OUT. */
  timeoutMs?: number
}

/** The exit status a timed-out tool gets, as coreutils' timeout(1) gives it. */
export const TIMED_OUT = 124

// The process's cancellation: the CLI sets it so that Ctrl-C reaches every build
// tool, however deep the build that started it, without threading it through.
let processSignal: AbortSignal | undefined

export function cancelToolsOn(signal: AbortSignal): void {
  processSignal = signal
}

const TAIL_LINES = 40

/** Resolves to the exit status (always 0 unless `allowFailure`). */
export async function runTool(file: string, args: string[], options: RunToolOptions): Promise<number> {
  const started = performance.now()
  const tail: string[] = []
  const execaOptions: Options = { cwd: options.cwd, env: options.env, all: true, buffer: false, reject: false, stdin: 'ignore', cancelSignal: processSignal, timeout: options.timeoutMs }
  const child = execa(file, args, execaOptions)
  let pending = ''
  child.all?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      tail.push(line)
      if (tail.length > TAIL_LINES) tail.shift()
      options.onLine?.(line)
    }
  })
  const result = await child
  if (pending) tail.push(pending)
  // Ctrl-C is not a build failure: the abort reason goes up instead.
  if (processSignal?.aborted) throw processSignal.reason
  if (options.allowFailure && result.timedOut) return TIMED_OUT
  if (options.allowFailure && result.exitCode !== undefined) return result.exitCode
  if (result.failed) {
    const how = result.signal ? `killed by ${result.signal}` : result.exitCode === undefined ? String(result.cause ?? result.message) : `exit ${result.exitCode}`
    throw new InfraError(`${options.what} failed (${how}, after ${formatMs(performance.now() - started)})\n$ ${[file, ...args].join(' ')}\n${tail.join('\n')}`, {
      phase: options.what,
      command: [file, ...args],
      consoleTail: tail,
    })
  }
  return 0
}
