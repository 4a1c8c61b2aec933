// The tcpstats test targets, named alike on the command line, in `just kmod`
// and in the Nix apps. Host targets are make targets of pkgs/kmod; live
// targets run tcpstats-live in a guest booted with the module.
import { UsageError } from '../../../ts/src/errors.js'

export const HOST_TARGETS = [
  'unit',
  'asan',
  'ubsan',
  'memcheck',
  'fuzz',
  'bench',
  'callgrind',
  'kmod',
  'bench_read',
  'gen_conn',
] as const
export const LIVE_TARGETS = [
  'live_smoke',
  'live_stats',
  'live_dos',
  'live_integration',
  'live_trace',
  'live_bench',
] as const
/** tcpstats-live's own live_all: live_bench, with its 100K connections, runs when named. */
const LIVE_ALL = ['live_smoke', 'live_stats', 'live_dos', 'live_integration'] as const
/** Names that stand for several targets. */
export const GROUPS = {
  'compile-only': HOST_TARGETS,
  live_all: LIVE_ALL,
  all: [...HOST_TARGETS, ...LIVE_ALL],
} as const

export type HostTarget = (typeof HOST_TARGETS)[number]
export type LiveTarget = (typeof LIVE_TARGETS)[number]
export type Target = HostTarget | LiveTarget
/** Targets of a remote host only: pkg_setup installs with that host's package manager. */
export const REMOTE_ONLY_TARGETS = ['pkg_setup'] as const
export type RemoteTarget = Target | (typeof REMOTE_ONLY_TARGETS)[number]

/** The remote apps' default: live_integration where the host can load the module, else compile-only (FreeBSD). */
export const INTEGRATION = 'integration'

export const TARGET_NAMES: readonly string[] = [
  INTEGRATION,
  ...HOST_TARGETS,
  ...LIVE_TARGETS,
  ...REMOTE_ONLY_TARGETS,
  ...Object.keys(GROUPS),
]

/** live_integration's categories (tcpstats-live --category). */
export const CATEGORIES = [
  'port',
  'state',
  'ipversion',
  'address',
  'combined',
  'fields_format',
  'concurrent',
  'profiles',
  'pairwise',
  'covering',
] as const

export function isLive(target: RemoteTarget): target is LiveTarget {
  return (LIVE_TARGETS as readonly string[]).includes(target)
}

/** Whether a target builds or loads the Linux module: a FreeBSD host refuses those. */
export function needsLinux(target: RemoteTarget): boolean {
  return target === 'kmod' || isLive(target)
}

/**
 * Expands groups, keeps the order given, drops repeats. A group means those of
 * its members `fits` accepts (on a FreeBSD host: the parser's); a target named
 * outright is kept, to be refused by name where it cannot run.
 */
export function expandTargets(
  names: readonly string[],
  fits: (target: RemoteTarget) => boolean = () => true,
): RemoteTarget[] {
  const out: RemoteTarget[] = []
  for (const name of names) {
    if (name === INTEGRATION) {
      const fitting = fits('live_integration') ? ['live_integration' as const] : GROUPS['compile-only'].filter(fits)
      for (const target of fitting) if (!out.includes(target)) out.push(target)
      continue
    }
    const group: readonly Target[] | undefined = name in GROUPS ? GROUPS[name as keyof typeof GROUPS] : undefined
    const members: readonly RemoteTarget[] = group ? group.filter(fits) : [name as RemoteTarget]
    for (const target of members) if (!out.includes(target)) out.push(target)
  }
  return out
}

/** The targets of a run on this machine: pkg_setup is a remote host's. */
export function localTargets(names: readonly string[]): Target[] {
  const targets = expandTargets(names)
  const remoteOnly = targets.filter((t) => (REMOTE_ONLY_TARGETS as readonly string[]).includes(t))
  if (remoteOnly.length > 0)
    throw new UsageError(
      `${remoteOnly.join(', ')} runs on a --host only; on this machine vmgate doctor --install installs what the targets need`,
    )
  return targets as Target[]
}

/** live_integration takes every flag; live_bench the wrong expectation (bench/1000, ...). */
export function liveArgs(target: string, integrationArgs: string[]): string[] {
  if (target === 'live_integration') return integrationArgs
  const at = integrationArgs.indexOf('--wrong-expectation')
  return target === 'live_bench' && at >= 0 ? integrationArgs.slice(at, at + 2) : []
}
