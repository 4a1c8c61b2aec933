// The suite on remote hosts over the system's OpenSSH and rsync, all hosts at
// once. On each: what the host is and has (preflight.sh, before anything is
// synced), pkgs/kmod rsynced to ~/.vmgate-kmod, then the targets in order with
// that host's own make; live targets through remote/live.sh, which builds the
// module against the running kernel and unloads it on every way out. Results
// go to <run>/<host>/. A host that cannot be reached, or stops answering, ends
// its own targets as `error` and no other host's.
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { projectRoot } from '../../../ts/src/paths.js'
import { runSsh, rsyncTo, SSH_FAILED, type SshHostSpec } from '../../../ts/src/remote/ssh.js'
import { captured, HOST_TARGET_TIMEOUT_MS } from './host-target.js'
import { kernelTrouble } from './outcome.js'
import { parseFacts, refusal, remoteMake, type HostFacts } from './preflight.js'
import { judge, type TargetResult } from './result.js'
import { expandTargets, isLive, liveArgs, needsLinux, type RemoteTarget } from './targets.js'

/** Where the sources go on the remote host, relative to the login directory. */
export const REMOTE_DIR = '.vmgate-kmod'

export interface RemoteOptions {
  hosts: SshHostSpec[]
  /** Target and group names as given. */
  targets: string[]
  /** tcpstats-live flags for live_integration. */
  integrationArgs: string[]
  sshConfig?: string
  /** Where the sources go on each host, relative to the login directory unless absolute. */
  remoteDir?: string
  runDir: string
  print: (text: string) => void
}

export async function runOnHosts(options: RemoteOptions): Promise<TargetResult[]> {
  const perHost = await Promise.all(options.hosts.map((host) => runOnHost(host, options)))
  return perHost.flat()
}

/** A host's directory under the run: its label with what a path should not hold replaced. */
export function hostDirName(label: string): string {
  return label.replace(/[^A-Za-z0-9@._-]/g, '_')
}

async function runOnHost(host: SshHostSpec, options: RemoteOptions): Promise<TargetResult[]> {
  const dir = join(options.runDir, hostDirName(host.label))
  await mkdir(dir, { recursive: true })
  const say = (line: string) => options.print(`[${host.label}] ${line}\n`)
  const context = { host, dir, say, options }
  const first = await preflight(context)
  if (typeof first === 'string') return unreachable(expandTargets(options.targets), host, first, say)
  let facts = first
  const targets = expandTargets(options.targets, (t) => facts.os === 'Linux' || !needsLinux(t))
  const synced = await sync(context, facts)
  if (synced) return unreachable(targets, host, synced, say)
  const results: TargetResult[] = []
  let lostDuring: string | undefined
  for (const target of targets) {
    if (lostDuring) {
      results.push(hostError(target, host, `not run: ${host.label} stopped answering during ${lostDuring}`))
      continue
    }
    say(`▸ ${target}`)
    const why = refusal(target, facts)
    const { result, lost } = why
      ? { result: hostError(target, host, why), lost: false }
      : await runTarget(target, facts, context)
    if (lost) lostDuring = target
    say(
      `${result.status === 'pass' ? '✓' : '✗'} ${target} ${result.status}${result.problems.length ? `: ${result.problems[0]}` : ''}`,
    )
    results.push(result)
    if (target === 'pkg_setup') facts = (await preflight(context)) as HostFacts
  }
  return results
}

interface HostContext {
  host: SshHostSpec
  dir: string
  say: (line: string) => void
  options: RemoteOptions
}

/** The host's facts, or why it could not be asked. */
async function preflight({ host, say, options }: HostContext): Promise<HostFacts | string> {
  const script = await readFile(join(projectRoot(), 'pkgs/kmod/remote/preflight.sh'), 'utf8')
  const r = await runSsh(host, script, {
    what: `preflight on ${host.label}`,
    sshConfig: options.sshConfig,
    timeoutMs: 120_000,
  })
  if (r.exitCode !== 0) return `ssh to ${host.label} failed (exit ${r.exitCode}): ${r.tail.at(-1) ?? 'no message'}`
  const facts = parseFacts(r.stdout)
  const missing = ['rsync', 'make', 'cc', 'clang', 'valgrind'].filter(
    (t) => !facts.tools.has(t) && !(t === 'make' && remoteMake(facts)),
  )
  say(
    `${facts.os} ${facts.release}, ${facts.root ? 'root' : 'not root'}, build tree ${facts.kdir ?? 'none'}; missing: ${missing.join(', ') || 'nothing'}`,
  )
  if (!facts.tools.has('setsid'))
    say('no setsid there: a target vmgate stops waiting for (a timeout, Ctrl-C) may go on running on that host')
  return facts
}

/** Syncs pkgs/kmod; returns why it could not. */
async function sync({ host, options }: HostContext, facts: HostFacts): Promise<string | undefined> {
  if (!facts.tools.has('rsync'))
    return `rsync is missing on ${host.label}, and the sources go over rsync: install it there (apt-get install rsync, pkg install rsync)`
  try {
    await rsyncTo(host, join(projectRoot(), 'pkgs/kmod'), options.remoteDir ?? REMOTE_DIR, {
      what: `rsync pkgs/kmod to ${host.label}`,
      sshConfig: options.sshConfig,
      exclude: ['build/'],
    })
    return undefined
  } catch (error) {
    return String((error as Error).message).split('\n')[0]
  }
}

/** The shell command line a target is on the remote host. */
export function remoteCommand(
  target: RemoteTarget,
  facts: HostFacts,
  integrationArgs: string[],
  remoteDir = REMOTE_DIR,
): string {
  const run =
    target === 'pkg_setup'
      ? 'sh remote/pkg_setup.sh'
      : isLive(target)
        ? `sh remote/live.sh ${quoted([target, ...liveArgs(target, integrationArgs)])}`
        : `${remoteMake(facts)} --no-print-directory ${target}${target === 'kmod' ? ` ${quoted([`KDIR=${facts.kdir}`])}` : ''}`
  // bounded.sh ends the target's processes on the host once ssh's stdin closes (a timeout, Ctrl-C, a lost link).
  return `cd ${quoted([remoteDir])} && sh remote/bounded.sh ${run}`
}

/** One target over ssh; `lost` when the host stopped answering (ssh's 255 before the summary line). */
async function runTarget(
  target: RemoteTarget,
  facts: HostFacts,
  { host, dir, say, options }: HostContext,
): Promise<{ result: TargetResult; lost: boolean }> {
  const started = performance.now()
  const log = join(dir, `${target}.log`)
  const kernelLines: string[] = []
  const { exitStatus, counts } = await captured(log, say, (onLine) =>
    runSsh(host, remoteCommand(target, facts, options.integrationArgs, options.remoteDir), {
      what: `kmod ${target} on ${host.label}`,
      sshConfig: options.sshConfig,
      timeoutMs: HOST_TARGET_TIMEOUT_MS,
      onLine: (line) => {
        if (line.startsWith('kernel: ')) kernelLines.push(line.slice('kernel: '.length))
        // What pkg_setup did and what live.sh built, loaded and unloaded, as it happens.
        if (/^(pkg_setup:|live:|scrape) /.test(line)) say(line)
        onLine(line)
      },
    }).then((r) => r.exitCode),
  )
  const base = { target, where: host.label, durationMs: performance.now() - started, log }
  if (exitStatus === SSH_FAILED && !counts) {
    const problem = `${host.label} stopped answering (ssh exit 255); see ${log}`
    return { result: { ...base, status: 'error', passed: 0, failed: 0, problems: [problem] }, lost: true }
  }
  const verdict = judge(target, exitStatus, counts)
  const trouble = kernelTrouble(kernelLines)
  if (trouble.length > 0) {
    verdict.status = 'fail'
    verdict.problems.push(`the kernel complained: ${trouble.slice(0, 3).join(' | ')}`)
  }
  return { result: { ...base, ...verdict }, lost: false }
}

/** Every target of a host that could not be reached or synced is `error`, for that one reason. */
function unreachable(targets: RemoteTarget[], host: SshHostSpec, why: string, say: (line: string) => void) {
  say(`✗ ${targets.join(', ')}: error: ${why}`)
  return targets.map((t) => hostError(t, host, why))
}

/** Each word single-quoted for the remote shell. */
function quoted(words: string[]): string {
  return words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')
}

function hostError(target: RemoteTarget, host: SshHostSpec, problem: string): TargetResult {
  return {
    target,
    where: host.label,
    status: 'error',
    durationMs: 0,
    passed: 0,
    failed: 0,
    problems: [problem],
    log: '',
  }
}
