// The vmgate.* kernel command line parameters that configure a guest.
// The command travels hex-encoded (argv joined by NUL): the kernel command line
// has no quoting that survives arbitrary shell words.
import { createHash } from 'node:crypto'
import { UsageError } from '../errors.js'

export interface GuestParams {
  nonce: string
  role: string
  command: string[]
  timeoutS: number
  debug: boolean
  /** NICs the guest configures, found by MAC; init checks `driver` is bound to each before the node is ready. */
  nics?: { mac: string; driver: string; addresses: string[] }[]
  /** The command, not init, says when the node is ready (by running vmgate-ready). */
  readyByCommand?: boolean
}

// x86 COMMAND_LINE_SIZE is 2048; leave room for the machine's own words.
const MAX_COMMAND_BYTES = 600

export function encodeCommand(argv: string[]): string {
  const bytes = commandBytes(argv)
  if (bytes.length > MAX_COMMAND_BYTES)
    throw new Error(
      `command of ${bytes.length} bytes does not fit the kernel command line; it travels as a file (commandFile)`,
    )
  return bytes.toString('hex')
}

function commandBytes(argv: string[]): Buffer {
  if (argv.some((word) => word.includes('\0'))) throw new UsageError('command: a word contains a NUL byte')
  return Buffer.from(argv.join('\0'), 'utf8')
}

/**
 * A command too long for the kernel command line travels as a file in the
 * root's overlay (vmgate.cmdfile); undefined when it fits on the line.
 */
export function commandFile(argv: string[]): { path: string; data: Buffer } | undefined {
  const data = commandBytes(argv)
  if (data.length <= MAX_COMMAND_BYTES) return undefined
  return { path: `/etc/vmgate/cmd-${createHash('sha256').update(data).digest('hex').slice(0, 16)}`, data }
}

export function guestParams(params: GuestParams): string[] {
  if (!/^[a-z0-9-]{1,32}$/.test(params.role))
    throw new UsageError(`role '${params.role}': use 1-32 of a-z, 0-9 and '-'`)
  const words = [
    `vmgate.nonce=${params.nonce}`,
    `vmgate.role=${params.role}`,
    `vmgate.timeout=${Math.ceil(params.timeoutS)}`,
  ]
  const file = commandFile(params.command)
  if (file) words.push(`vmgate.cmdfile=${file.path}`)
  else if (params.command.length > 0) words.push(`vmgate.cmd=${encodeCommand(params.command)}`)
  for (const nic of params.nics ?? []) words.push(`vmgate.nic=${[nic.mac, nic.driver, ...nic.addresses].join(',')}`)
  if (params.readyByCommand) words.push('vmgate.ready=command')
  if (params.debug) words.push('vmgate.debug=1')
  return words
}
