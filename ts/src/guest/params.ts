// The run's vmgate.* parameters: one line the host sends on the channel when
// init says hello (or at once, to a guest restored from a snapshot, which said
// hello before it was saved). Nothing per-run is on the kernel command line, so
// a saved guest serves every run and the test cannot read the nonce there.
// The command travels hex-encoded (argv joined by NUL): words may hold spaces.
import { randomBytes } from 'node:crypto'
import { UsageError } from '../errors.js'

export interface GuestParams {
  nonce: string
  role: string
  command: string[]
  timeoutS: number
  debug: boolean
  /**
   * NICs the guest configures, found by `mac` (qemu's) and given `runMac`; init
   * checks `driver` is bound to each before the node is ready.
   */
  nics?: { mac: string; runMac?: string; driver: string; addresses: string[] }[]
  /** The command, not init, says when the node is ready (by running vmgate-ready). */
  readyByCommand?: boolean
  /** More vmgate.* words: what user code lowers to (usercode/lower.ts). */
  words?: string[]
}

// vmgate-init's argv buffer (roots/init/params.c).
const MAX_COMMAND_BYTES = 16 * 1024 - 1
// Credited to the guest's CRNG, and what init's buffer holds.
const ENTROPY_BYTES = 64

export function encodeCommand(argv: string[]): string {
  if (argv.some((word) => word.includes('\0'))) throw new UsageError('command: a word contains a NUL byte')
  const bytes = Buffer.from(argv.join('\0'), 'utf8')
  if (bytes.length > MAX_COMMAND_BYTES)
    throw new UsageError(
      `command: ${bytes.length} bytes is more than the guest takes (${MAX_COMMAND_BYTES}); put it in a script and --add it`,
    )
  return bytes.toString('hex')
}

export function guestParams(params: GuestParams): string[] {
  if (!/^[a-z0-9-]{1,32}$/.test(params.role))
    throw new UsageError(`role '${params.role}': use 1-32 of a-z, 0-9 and '-'`)
  const words = [
    `vmgate.nonce=${params.nonce}`,
    `vmgate.role=${params.role}`,
    `vmgate.timeout=${Math.ceil(params.timeoutS)}`,
  ]
  if (params.command.length > 0) words.push(`vmgate.cmd=${encodeCommand(params.command)}`)
  for (const nic of params.nics ?? [])
    words.push(
      `vmgate.nic=${[nic.mac, nic.driver, ...(nic.runMac ? [`mac=${nic.runMac}`] : []), ...nic.addresses].join(',')}`,
    )
  if (params.readyByCommand) words.push('vmgate.ready=command')
  if (params.debug) words.push('vmgate.debug=1')
  return words.concat(params.words ?? [])
}

/**
 * The line itself, stamped when it is sent: the host's wall clock and fresh
 * entropy, so that guests restored from one snapshot neither share the time it
 * was saved at nor its random state.
 */
export function runLine(
  words: string[],
  now: number = Date.now(),
  entropy: Buffer = randomBytes(ENTROPY_BYTES),
): string {
  const seconds = Math.floor(now / 1000)
  const nanos = String((now % 1000) * 1_000_000).padStart(9, '0')
  return [...words, `vmgate.clock=${seconds}.${nanos}`, `vmgate.entropy=${entropy.toString('hex')}`].join(' ') + '\n'
}
