// `vmgate doctor`: one row per tool (where, version, or the install command),
// and `--install` to apt-get what is missing.
import { InfraError } from '../errors.js'
import { runTool } from '../proc.js'
import { archNames, hostLowering } from '../arch/index.js'
import { binfmtStatus, registerBinfmt } from './binfmt.js'
import { fetchDeb, unpackedVersion } from './debs.js'
import { lookup, type Resolution } from './resolve.js'
import { TOOLS, type ToolSpec } from './tools.js'

export interface DoctorRow {
  name: string
  /** The table's capability; for a `components` tool, the components and roots that name it. */
  neededFor: string
  status: 'found' | 'missing'
  path?: string
  source?: 'env' | 'debian'
  version?: string
  fix?: string
}

export async function diagnose(
  env: NodeJS.ProcessEnv = process.env,
  users: Map<string, string[]> = new Map(),
): Promise<DoctorRow[]> {
  return Promise.all(TOOLS.map((spec) => row(lookup(spec, env), neededFor(spec, users))))
}

/** What the row says needs the tool: its capability, or the declarations that name a components tool. */
export function neededFor(spec: ToolSpec, users: Map<string, string[]>): string {
  return spec.neededFor === 'components' ? (users.get(spec.name)?.join(',') ?? 'components') : spec.neededFor
}

/**
 * Host setup that is no file: a binfmt entry per other arch, so that an image
 * of that arch can be built here (mmdebstrap runs its programs). Same row shape.
 */
export function setupRows(hostArch = hostLowering().name): DoctorRow[] {
  return archNames()
    .filter((arch) => arch !== hostArch)
    .map((arch) => {
      const status = binfmtStatus(arch, hostArch)
      const base = { name: `binfmt-${arch}`, neededFor: 'image' as const, path: status.entry }
      return status.ok
        ? { ...base, status: 'found', version: status.detail }
        : { ...base, status: 'missing', fix: `${status.detail}; run: ${status.fix}` }
    })
}

/** Sets up what `setupRows` found missing (after the packages it needs are installed). */
export async function applySetup(rows: DoctorRow[]): Promise<void> {
  for (const row of rows.filter((r) => r.status === 'missing' && r.name.startsWith('binfmt-')))
    await registerBinfmt(row.name.slice('binfmt-'.length))
}

async function row(found: Resolution, neededFor: string): Promise<DoctorRow> {
  const { spec } = found
  if ('missing' in found) return { name: spec.name, neededFor, status: 'missing', fix: found.missing }
  return {
    name: spec.name,
    neededFor,
    status: 'found',
    path: found.path,
    source: found.source,
    // spawns: table (each entry's own binary, asked its version)
    version: await version(spec, found.path),
  }
}

async function version(spec: ToolSpec, path: string): Promise<string> {
  if (spec.unpacked) return unpackedVersion(spec.debianPackage)
  const result = spec.versionArgs
    ? await runTool(path, spec.versionArgs, { what: `${spec.name} version`, allowFailure: true, timeoutMs: 5000 })
    : await runTool('dpkg-query', ['-W', '-f', '${Version}', spec.debianPackage], {
        what: `${spec.debianPackage} version`,
        allowFailure: true,
        timeoutMs: 5000,
      })
  const text = `${result.stdout}\n${result.stderr}`
  return (
    text
      .split('\n')
      .find((line) => line.trim())
      ?.trim()
      .slice(0, 60) ?? 'unknown'
  )
}

/** One line per tool, with what needs it (core, kernel, tests, …) so a partial setup can be judged. */
export function renderTable(rows: DoctorRow[]): string {
  const width = Math.max(...rows.map((r) => r.name.length))
  const needWidth = Math.max(...rows.map((r) => r.neededFor.length))
  return rows
    .map((r) => {
      const lead = `${r.name.padEnd(width)}  ${r.neededFor.padEnd(needWidth)}`
      if (r.status === 'missing') return `✗ ${lead}  missing: ${r.fix}`
      return `✓ ${lead}  ${r.path}${r.source ? ` [${r.source}]` : ''}  ${r.version}`
    })
    .join('\n')
}

/** Debian packages of the missing tools: those to install, and (`unpacked`) those to fetch into the store. */
export function missingPackages(rows: DoctorRow[], unpacked = false): string[] {
  const specs = rows.filter((r) => r.status === 'missing').map((r) => TOOLS.find((t) => t.name === r.name)!)
  return [
    ...new Set(specs.filter((spec) => (spec.unpacked ?? false) === unpacked).map((spec) => spec.debianPackage)),
  ].sort()
}

/** Installs `packages` and fetches `fetched`; another arch's packages first make dpkg know that arch. */
export async function installPackages(packages: string[], fetched: string[] = []): Promise<void> {
  if (packages.length + fetched.length === 0) return
  if (process.getuid?.() !== 0) {
    throw new InfraError(`installing needs root; run: sudo ${installCommand(packages, fetched)}`)
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' }
  const apt = (args: string[]) =>
    runTool('apt-get', args, { what: `apt-get ${args[0]}`, env, inherit: true, allowFailure: true })
  for (const arch of foreignArches([...packages, ...fetched]))
    await runTool('dpkg', ['--add-architecture', arch], { what: `dpkg --add-architecture ${arch}` })
  // Package lists can be absent on a fresh machine (or lack a new arch); refresh them once before installing.
  await apt(['update', '-q'])
  if (packages.length > 0) {
    const result = await apt(['install', '-y', '-q', '--no-install-recommends', ...packages])
    if (result.exitCode !== 0)
      throw new InfraError(`apt-get install ${packages.join(' ')} failed with exit ${result.exitCode}`)
  }
  for (const name of fetched) await fetchDeb(name, TOOLS.find((spec) => spec.debianPackage === name)?.withPackages)
}

/** The arches named by `pkg:arch` package names. */
export function foreignArches(packages: string[]): string[] {
  return [...new Set(packages.filter((p) => p.includes(':')).map((p) => p.split(':')[1]))].sort()
}

/** What a user runs by hand to get the same. */
export function installCommand(packages: string[], fetched: string[]): string {
  const steps = [
    ...foreignArches([...packages, ...fetched]).map((arch) => `dpkg --add-architecture ${arch}`),
    'apt-get update',
    ...(packages.length > 0 ? [`apt-get install -y ${packages.join(' ')}`] : []),
    ...(fetched.length > 0 ? ['vmgate doctor --install (it fetches ' + fetched.join(' ') + ' into the store)'] : []),
  ]
  return steps.join(' && ')
}
