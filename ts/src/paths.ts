// Where the project's data (kernel definitions, roots, C sources) lives: found
// by walking up from this module, overridable for packaged installs.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export function projectRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VMGATE_HOME) return env.VMGATE_HOME
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'kernels')) || !existsSync(join(dir, 'roots'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('cannot find the vmgate project root (kernels/ and roots/); set VMGATE_HOME')
    dir = parent
  }
  return dir
}

export function kernelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.VMGATE_KERNELS ?? join(projectRoot(env), 'kernels')
}
