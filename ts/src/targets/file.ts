// vmgate.toml: a user's project declares its targets, each a guest that runs
// one command with the project's files, and (in [project]) where its own roots,
// native components and extensions are (project/project.ts). Found from the
// working directory upward (or given with --config), parsed as TOML and
// validated once: an unknown key or a bad value is a usage error naming the key
// and its line.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parse, TomlError } from 'smol-toml'
import * as z from 'zod'
import { archNames } from '../arch/index.js'
import { UsageError } from '../errors.js'
import { Name, NicsSpec } from '../net/nic.js'

export const CONFIG_NAME = 'vmgate.toml'

const Target = z.strictObject({
  description: z.string().optional(),
  /** A kernel definition (kernels/NAME.json of vmgate's own), or an image the user built; default: the machine's. */
  kernel: z.string().optional(),
  /** The guest's arch; default: the kernel's, else x86_64. */
  arch: z.enum(archNames() as [string, ...string[]]).optional(),
  /** The machine (microvm, q35, virt, virt-pci); default: the arch's first that has what the target asks for. */
  machine: z.string().optional(),
  'kernel-image': z.string().optional(),
  'kernel-config': z.string().optional(),
  root: z.string().default('testroot'),
  /** HOST[:GUEST], as for --add; HOST relative to the directory of vmgate.toml. */
  files: z.array(z.string()).default([]),
  /** HOST[:GUEST][:rw], as for --share. */
  shares: z.array(z.string()).default([]),
  'host-root': z.boolean().default(false),
  modules: z.array(z.string()).default([]),
  /** A string runs with sh -c; an array is the argv. */
  command: z.union([z.string().min(1), z.array(z.string()).min(1)]),
  /** Seconds for the command (the test phase). */
  timeout: z.number().positive().default(60),
  cpus: z.number().int().min(1).max(16).default(1),
  /** MiB. */
  memory: z.number().int().min(64).max(16384).default(256),
  /** NIC name → its addresses (CIDR), or { addresses, model }; their links lead nowhere. */
  nics: NicsSpec.default({}),
})

const ProjectTable = z.strictObject({
  /** Directories of root definitions (NAME.json), relative to vmgate.toml. */
  roots: z.array(z.string()).optional(),
  /** Directories holding a components.json: native components their Makefile builds. */
  components: z.array(z.string()).optional(),
  /** Modules exporting an `extension` (project/extension.ts): scenarios, commands, benches. */
  extensions: z.array(z.string()).optional(),
})

const ConfigFile = z.strictObject({ project: ProjectTable.optional(), target: z.record(Name, Target).default({}) })

export type ConfigContent = z.output<typeof ConfigFile>

export type TargetDefinition = z.output<typeof Target>

export interface TargetsConfig {
  file: string
  /** Where relative paths in the file start: its directory. */
  dir: string
  targets: Record<string, TargetDefinition>
}

/** --config, or the first vmgate.toml from `cwd` upward. */
export function findConfig(explicit: string | undefined, cwd = process.cwd()): string {
  if (explicit) {
    const path = resolve(cwd, explicit)
    if (!existsSync(path)) throw new UsageError(`--config ${explicit}: no such file (${path})`)
    return path
  }
  const found = searchConfig(cwd)
  if (found) return found
  throw new UsageError(
    `no ${CONFIG_NAME} in ${resolve(cwd)} or above it; write one (see the README, "Testing your own code") or give --config FILE`,
  )
}

/** The first vmgate.toml from `cwd` upward, if any. */
export function searchConfig(cwd = process.cwd()): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG_NAME))) return join(dir, CONFIG_NAME)
    if (dirname(dir) === dir) return undefined
  }
}

/** The whole file, parsed and validated: [project] and the targets. */
export function readConfig(file: string): ConfigContent {
  const text = readFileSync(file, 'utf8')
  let raw: unknown
  try {
    raw = parse(text)
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    throw new UsageError(`${file}:${error.line}:${error.column}: ${error.message.split('\n')[0]}`)
  }
  const parsed = ConfigFile.safeParse(raw)
  if (!parsed.success) throw new UsageError(describeIssue(file, text, parsed.error.issues[0]))
  return parsed.data
}

export function loadTargets(file: string): TargetsConfig {
  const { target } = readConfig(file)
  if (Object.keys(target).length === 0)
    throw new UsageError(`${file}: no targets; declare one as [target.NAME] with a command`)
  return { file, dir: dirname(file), targets: target }
}

function describeIssue(file: string, text: string, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String)
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : []
  const key = keys.length > 0 ? [...path, keys[0]] : path
  const what =
    keys.length > 0 ? `unknown key '${keys.join("', '")}'; known: ${knownKeys(path).join(', ')}` : issue.message
  return `${file}:${lineOf(text, key)}: ${key.join('.') || 'the file'}: ${what}`
}

function knownKeys(path: string[]): string[] {
  if (path.length === 0) return Object.keys(ConfigFile.shape)
  return Object.keys(path[0] === 'project' ? ProjectTable.shape : Target.shape)
}

/**
 * The line a key path ([target, NAME, KEY] or [project, KEY]) is written on:
 * the table header ([target.NAME], [project]), then KEY = … within it; the
 * header itself when KEY isn't found.
 */
export function lineOf(text: string, path: string[]): number {
  const lines = text.split('\n')
  const [table, name, key] = path[0] === 'project' ? ['project', undefined, path[1]] : path
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const tableName =
    name === undefined ? escape(table) : `${escape(table)}\\s*\\.\\s*(${escape(name)}|"${escape(name)}")`
  const header =
    table === 'target' && name === undefined
      ? -1
      : lines.findIndex((l) => new RegExp(`^\\s*\\[\\s*${tableName}\\s*\\]`).test(l))
  if (header < 0) return 1
  if (key === undefined) return header + 1
  for (let i = header + 1; i < lines.length && !/^\s*\[/.test(lines[i]); i++) {
    if (new RegExp(`^\\s*("?)${escape(key)}\\1\\s*=`).test(lines[i])) return i + 1
  }
  return header + 1
}
