// Resolves a tool by the contract in tools.ts. Missing tools are an InfraError
// that carries the exact fix.
import { accessSync, constants, existsSync } from 'node:fs'
import { InfraError, UsageError } from '../errors.js'
import { unpackedPath, unpackedWhole } from './debs.js'
import { toolSpec, type ToolSpec } from './tools.js'

export interface ResolvedTool {
  spec: ToolSpec
  path: string
  source: 'env' | 'debian'
}

export type Resolution = ResolvedTool | { spec: ToolSpec; missing: string }

export function installHint(spec: ToolSpec): string {
  const how = spec.unpacked
    ? `apt-get download ${spec.debianPackage}, unpacked into the store`
    : `apt-get install -y ${spec.debianPackage}`
  return `${how}  (or set ${spec.env}=/path/to/${spec.name}; 'vmgate doctor --install' installs every missing package)`
}

export function lookup(spec: ToolSpec, env: NodeJS.ProcessEnv = process.env): Resolution {
  const override = env[spec.env]
  if (override) {
    if (!existsSync(override))
      throw new UsageError(`${spec.env}=${override}: no such file; point it at ${spec.name} or unset it`)
    return { spec, path: override, source: 'env' }
  }
  const path = spec.unpacked ? unpackedPath(spec, env) : spec.debianPath
  if (usable(path) && (!spec.unpacked || unpackedWhole(spec, env))) return { spec, path, source: 'debian' }
  return { spec, missing: installHint(spec) }
}

/** The path of a tool, or an InfraError naming how to install it. */
export function tool(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const found = lookup(toolSpec(name), env)
  if ('missing' in found) throw new InfraError(`${name} not found: ${found.missing}`)
  return found.path
}

function usable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK)
    return true
  } catch {
    return false
  }
}
