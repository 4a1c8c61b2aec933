// The tcpstats test targets, named alike on the command line, in `just kmod`
// and in the Nix apps. Host targets are make targets of pkgs/kmod; live
// targets run tcpstats-live in a guest booted with the module.
import { UsageError } from '../errors.js'

export const HOST_TARGETS = ['unit', 'asan', 'ubsan', 'memcheck', 'fuzz', 'bench', 'callgrind', 'kmod'] as const
export const LIVE_TARGETS = ['live_smoke', 'live_stats', 'live_dos', 'live_integration'] as const
/** Names that stand for several targets. */
export const GROUPS = {
  'compile-only': HOST_TARGETS,
  live_all: LIVE_TARGETS,
  all: [...HOST_TARGETS, ...LIVE_TARGETS],
} as const

export type HostTarget = (typeof HOST_TARGETS)[number]
export type LiveTarget = (typeof LIVE_TARGETS)[number]
export type Target = HostTarget | LiveTarget

export const TARGET_NAMES: readonly string[] = [...HOST_TARGETS, ...LIVE_TARGETS, ...Object.keys(GROUPS)]

/** live_integration's categories (tcpstats-live --category). */
export const CATEGORIES = [
  'port',
  'state',
  'ipversion',
  'address',
  'combined',
  'fields_format',
  'concurrent',
  'pairwise',
] as const

// `kmod` builds a Linux module: on a remote host (FreeBSD) only the parser's targets apply.
export const REMOTE_TARGETS: readonly HostTarget[] = HOST_TARGETS.filter((t) => t !== 'kmod')

export function isLive(target: Target): target is LiveTarget {
  return (LIVE_TARGETS as readonly string[]).includes(target)
}

/** Expands groups, keeps the order given, drops repeats. On a remote host a
 * group means its members that can run there; a target named outright must. */
export function expandTargets(names: readonly string[], remote = false): Target[] {
  const out: Target[] = []
  for (const name of names) {
    const group: readonly Target[] | undefined = name in GROUPS ? GROUPS[name as keyof typeof GROUPS] : undefined
    const runnable = group?.filter((t) => !remote || isRemote(t))
    const members: readonly Target[] = runnable?.length ? runnable : (group ?? [name as Target])
    for (const target of members) if (!out.includes(target)) out.push(target)
  }
  // A group with nothing runnable remotely (live_all) keeps its members, so it is refused below.
  const unsupported = remote ? out.filter((t) => !isRemote(t)) : []
  if (unsupported.length > 0)
    throw new UsageError(
      `--host runs the parser's targets only (${REMOTE_TARGETS.join(', ')}); not ${unsupported.join(', ')}: those need a Linux guest`,
    )
  return out
}

function isRemote(target: Target): boolean {
  return (REMOTE_TARGETS as readonly string[]).includes(target)
}
