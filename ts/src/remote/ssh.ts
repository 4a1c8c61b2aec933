// The system's OpenSSH and rsync, to a host named as ssh names it, with an
// optional `:PORT` (`root@127.0.0.1:2201`), which neither ssh nor rsync takes in
// a destination. ~/.ssh/config applies unless an ssh_config file is given.
import { UsageError } from '../errors.js'
import { runTool, type ToolResult } from '../proc.js'
import { tool } from '../toolchain/resolve.js'

export interface SshHostSpec {
  /** As given on the command line: results and messages name the host by it. */
  label: string
  /** What ssh connects to: `[user@]host`. */
  destination: string
  port?: number
}

// Never wait for a password or a host-key prompt in CI, nor on a connection that died.
const BATCH_OPTIONS = [
  '-o',
  'BatchMode=yes',
  '-o',
  'ConnectTimeout=15',
  '-o',
  'ServerAliveInterval=15',
  '-o',
  'ServerAliveCountMax=4',
]

/** ssh exits with this when it could not reach the host or lost it: the lab failed, not the command. */
export const SSH_FAILED = 255

export function parseHostSpec(value: string): SshHostSpec {
  const m = /^([^:\s]+):(\d+)$/.exec(value)
  if (!m) {
    if (!value || /\s/.test(value)) throw new UsageError(`--host '${value}': use [USER@]HOST[:PORT]`)
    return { label: value, destination: value }
  }
  const port = Number(m[2])
  if (port < 1 || port > 65535) throw new UsageError(`--host '${value}': port ${m[2]} is not in 1..65535`)
  return { label: value, destination: m[1], port }
}

/** ssh's options for this host: batch mode, keepalives, the port, the config file when given. */
export function sshOptions(host: SshHostSpec, sshConfig?: string): string[] {
  return [...(sshConfig ? ['-F', sshConfig] : []), ...BATCH_OPTIONS, ...(host.port ? ['-p', String(host.port)] : [])]
}

export interface SshRunOptions {
  what: string
  sshConfig?: string
  onLine?: (line: string) => void
  timeoutMs?: number
}

/** Runs `command` (one shell command line) on the host; a non-zero exit is a result. */
export function runSsh(host: SshHostSpec, command: string, options: SshRunOptions): Promise<ToolResult> {
  return runTool(tool('ssh'), [...sshOptions(host, options.sshConfig), host.destination, command], {
    what: options.what,
    allowFailure: true,
    onLine: options.onLine,
    timeoutMs: options.timeoutMs,
    // The remote side sees end of file only when this ssh is gone: bounded.sh ends its target then.
    holdStdinOpen: true,
  })
}

/** rsync -a --delete of a local directory's contents into `remoteDir` (relative to the login directory). */
export async function rsyncTo(
  host: SshHostSpec,
  localDir: string,
  remoteDir: string,
  options: { what: string; sshConfig?: string; exclude: string[] },
): Promise<void> {
  const ssh = [tool('ssh'), ...sshOptions(host, options.sshConfig)].join(' ')
  await runTool(
    tool('rsync'),
    [
      '-a',
      '--delete',
      ...options.exclude.flatMap((e) => ['--exclude', e]),
      '-e',
      ssh,
      `${localDir}/`,
      `${host.destination}:${remoteDir}/`,
    ],
    { what: options.what },
  )
}
