// `vmgate doctor`: one row per tool (where, version, or the install command),
// and `--install` to apt-get what is missing.
import { InfraError } from '../errors.js'
import { runTool } from '../proc.js'
import { lookup, type Resolution } from './resolve.js'
import { TOOLS, type ToolSpec } from './tools.js'

export interface DoctorRow {
  name: string
  neededFor: ToolSpec['neededFor']
  status: 'found' | 'missing'
  path?: string
  source?: 'env' | 'debian'
  version?: string
  fix?: string
}

export async function diagnose(env: NodeJS.ProcessEnv = process.env): Promise<DoctorRow[]> {
  return Promise.all(TOOLS.map((spec) => row(lookup(spec, env))))
}

async function row(found: Resolution): Promise<DoctorRow> {
  const { spec } = found
  if ('missing' in found) return { name: spec.name, neededFor: spec.neededFor, status: 'missing', fix: found.missing }
  // spawns: table (each entry's own binary, asked its version)
  return { name: spec.name, neededFor: spec.neededFor, status: 'found', path: found.path, source: found.source, version: await version(spec, found.path) }
}

async function version(spec: ToolSpec, path: string): Promise<string> {
  const result = spec.versionArgs
    ? await runTool(path, spec.versionArgs, { what: `${spec.name} version`, allowFailure: true, timeoutMs: 5000 })
    : await runTool('dpkg-query', ['-W', '-f', '${Version}', spec.debianPackage], { what: `${spec.debianPackage} version`, allowFailure: true, timeoutMs: 5000 })
  const text = `${result.stdout}\n${result.stderr}`
  return text.split('\n').find((line) => line.trim())?.trim().slice(0, 60) ?? 'unknown'
}

/** One line per tool, with what needs it (core, kernel, tests, …) so a partial setup can be judged. */
export function renderTable(rows: DoctorRow[]): string {
  const width = Math.max(...rows.map((r) => r.name.length))
  const needWidth = Math.max(...rows.map((r) => r.neededFor.length))
  return rows
    .map((r) => {
      const lead = `${r.name.padEnd(width)}  ${r.neededFor.padEnd(needWidth)}`
      if (r.status === 'missing') return `✗ ${lead}  missing: ${r.fix}`
      return `✓ ${lead}  ${r.path} [${r.source}]  ${r.version}`
    })
    .join('\n')
}

export function missingPackages(rows: DoctorRow[]): string[] {
  const packages = rows.filter((r) => r.status === 'missing').map((r) => TOOLS.find((t) => t.name === r.name)!.debianPackage)
  return [...new Set(packages)].sort()
}

export async function installPackages(packages: string[]): Promise<void> {
  if (packages.length === 0) return
  if (process.getuid?.() !== 0) {
    throw new InfraError(`installing needs root; run: sudo apt-get install -y ${packages.join(' ')}`)
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' }
  const apt = (args: string[]) => runTool('apt-get', args, { what: `apt-get ${args[0]}`, env, inherit: true, allowFailure: true })
  // Package lists can be absent on a fresh machine; refresh them once before installing.
  await apt(['update', '-q'])
  const result = await apt(['install', '-y', '-q', '--no-install-recommends', ...packages])
  if (result.exitCode !== 0) throw new InfraError(`apt-get install ${packages.join(' ')} failed with exit ${result.exitCode}`)
}
