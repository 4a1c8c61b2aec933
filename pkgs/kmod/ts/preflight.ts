// What a remote host is and has (pkgs/kmod/remote/preflight.sh prints it, one
// fact a line), and what each target needs there: a target whose needs are
// not met is refused by name with what is missing, before it runs.
import type { RemoteTarget } from './targets.js'
import { isLive } from './targets.js'

export interface HostFacts {
  os: string
  release: string
  root: boolean
  /** Tool name → path, for the tools found. */
  tools: Map<string, string>
  /** The running kernel's build tree, when it has one. */
  kdir?: string
  /** The kernel loads modules (/proc/modules exists). */
  modules: boolean
}

export function parseFacts(output: string): HostFacts {
  const facts: HostFacts = { os: '', release: '', root: false, tools: new Map(), modules: false }
  for (const line of output.split('\n')) {
    const [key, ...rest] = line.trim().split(' ')
    const value = rest.join(' ')
    if (key === 'os') facts.os = value
    else if (key === 'release') facts.release = value
    else if (key === 'uid') facts.root = value === '0'
    else if (key === 'tool') facts.tools.set(rest[0], rest.slice(1).join(' '))
    else if (key === 'kdir') facts.kdir = value
    else if (key === 'modules') facts.modules = value === 'yes'
  }
  return facts
}

/** The make to use: GNU make is gmake where make is BSD make. */
export function remoteMake(facts: HostFacts): string | undefined {
  return facts.tools.has('gmake') ? 'gmake' : facts.tools.has('make') ? 'make' : undefined
}

const PARSER_TOOLS: Partial<Record<RemoteTarget, string[]>> = {
  fuzz: ['clang'],
  memcheck: ['cc', 'valgrind'],
  callgrind: ['cc', 'valgrind'],
}

/** Why `target` cannot run on this host, or undefined when it can. */
export function refusal(target: RemoteTarget, facts: HostFacts): string | undefined {
  const needsModule = target === 'kmod' || isLive(target)
  if (needsModule && facts.os !== 'Linux')
    return `${target} builds and loads tcpstats.ko, a Linux module; this host runs ${facts.os}`
  if (target === 'pkg_setup') return undefined
  const missing = [
    ...(remoteMake(facts) ? [] : ['make']),
    ...(PARSER_TOOLS[target] ?? ['cc']).filter((t) => !facts.tools.has(t)),
  ]
  if (needsModule && !facts.kdir)
    missing.push(`the build tree of kernel ${facts.release} (/lib/modules/${facts.release}/build)`)
  if (missing.length > 0)
    return `${target} needs ${missing.join(', ')} on this host, missing (pkg_setup installs what it can)`
  if (isLive(target) && !facts.root) return `${target} loads a module: log in as root`
  if (isLive(target) && !facts.modules)
    return `${target}: kernel ${facts.release} does not load modules (no /proc/modules)`
  return undefined
}
