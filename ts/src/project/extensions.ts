// The extensions the CLI runs with: those bundled into it (vmgate's own
// project's, through the one list in pkgs/extensions.ts) and those a user's
// project names in its vmgate.toml, imported from their files.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { BUNDLED } from '../../../pkgs/extensions.js'
import type { Subcommand } from '../cli/command.js'
import { UsageError } from '../errors.js'
import type { Bench, Extension } from './extension.js'
import { projects, type Project } from './project.js'

/** The commands every bundled extension adds to the command tree. */
export function bundledCommands(): Subcommand[] {
  return Object.values(BUNDLED).flatMap((extension) => extension.commands ?? [])
}

/** The benches every bundled extension adds, by name. */
export function bundledBenches(): Record<string, Bench> {
  return Object.assign({}, ...Object.values(BUNDLED).map((extension) => extension.benches ?? {}))
}

export interface LoadedExtension {
  /** Where it is declared, for messages: `FILE: project.extensions: PATH`. */
  where: string
  extension: Extension
}

/** Each project's extensions: vmgate's own from the bundle, a user's imported. */
export async function projectExtensions(from: Project[] = projects()): Promise<LoadedExtension[]> {
  const found: LoadedExtension[] = []
  for (const project of from)
    for (const path of project.extensions)
      found.push({ where: `${project.file}: project.extensions: ${path}`, extension: await extensionAt(project, path) })
  return found
}

async function extensionAt(project: Project, path: string): Promise<Extension> {
  if (project.own) {
    const bundled = BUNDLED[path]
    if (!bundled)
      throw new UsageError(`${project.file}: project.extensions: ${path} is not bundled; add it to pkgs/extensions.ts`)
    return bundled
  }
  const file = resolve(project.dir, path)
  const where = `${project.file}: project.extensions: ${path}`
  if (!existsSync(file)) throw new UsageError(`${where}: no such file (${file})`)
  const { extension } = (await import(pathToFileURL(file).href)) as { extension?: Extension }
  if (typeof extension?.scenarios !== 'function')
    throw new UsageError(`${where}: it exports no 'extension' with a scenarios() function`)
  if (extension.commands || extension.benches)
    throw new UsageError(`${where}: commands and benches come only from the extensions bundled into the CLI`)
  return extension
}
