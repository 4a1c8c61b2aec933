// Host targets on another machine (a FreeBSD box, say) over the system's
// OpenSSH and rsync: the sources are synced to ~/.vmgate-kmod there and each
// target runs with that machine's own make (gmake where make is BSD make).
import { join } from 'node:path'
import { projectRoot } from '../paths.js'
import { runTool } from '../proc.js'
import { tool } from '../toolchain/resolve.js'
import { captured, HOST_TARGET_TIMEOUT_MS } from './host-target.js'
import { judge, type TargetResult } from './result.js'
import type { HostTarget } from './targets.js'

/** Where the sources go on the remote host, relative to the login directory. */
export const REMOTE_DIR = '.vmgate-kmod'
// Never wait for a password or a host-key prompt in CI, nor on a connection that died.
const SSH_OPTIONS = [
  '-o',
  'BatchMode=yes',
  '-o',
  'ConnectTimeout=15',
  '-o',
  'ServerAliveInterval=15',
  '-o',
  'ServerAliveCountMax=4',
]

export interface RemoteOptions {
  host: string
  runDir: string
  onLine: (line: string) => void
}

export async function syncSources(host: string): Promise<void> {
  const ssh = [tool('ssh'), ...SSH_OPTIONS].join(' ')
  await runTool(
    tool('rsync'),
    [
      '-a',
      '--delete',
      '--exclude',
      'build/',
      '-e',
      ssh,
      `${join(projectRoot(), 'pkgs/kmod')}/`,
      `${host}:${REMOTE_DIR}/`,
    ],
    { what: `rsync pkgs/kmod to ${host}` },
  )
}

export async function runRemoteTarget(target: HostTarget, options: RemoteOptions): Promise<TargetResult> {
  const started = performance.now()
  const log = join(options.runDir, `${target}.log`)
  const script = `cd ${REMOTE_DIR} && if command -v gmake >/dev/null; then gmake ${target}; else make ${target}; fi`
  const { exitStatus, counts } = await captured(log, options.onLine, (onLine) =>
    runTool(tool('ssh'), [...SSH_OPTIONS, options.host, script], {
      what: `kmod ${target} on ${options.host}`,
      allowFailure: true,
      timeoutMs: HOST_TARGET_TIMEOUT_MS,
      onLine,
    }).then((r) => r.exitCode),
  )
  // ssh exits 255 when it could not reach the host: the lab failed, not the target.
  if (exitStatus === 255 && !counts)
    return {
      target,
      where: options.host,
      status: 'error',
      durationMs: performance.now() - started,
      passed: 0,
      failed: 0,
      problems: [`ssh to ${options.host} failed; see ${log}`],
      log,
    }
  return {
    target,
    where: options.host,
    durationMs: performance.now() - started,
    log,
    ...judge(target, exitStatus, counts),
  }
}
