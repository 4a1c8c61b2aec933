// A named kernel: which arch, which base config, which fragments. Read from
// kernels/NAME.json and validated once here.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import * as z from 'zod'
import { UsageError } from '../errors.js'
import { kernelsDir } from '../paths.js'

const KernelDefinition = z.strictObject({
  description: z.string().optional(),
  arch: z.string(),
  base: z.enum(['tinyconfig', 'allnoconfig', 'defconfig']),
  fragments: z.array(z.string().regex(/^[\w.-]+$/, 'a fragment name, without path or .config')).min(1),
})

export interface KernelSpec {
  name: string
  arch: string
  base: string
  fragments: { name: string; text: string }[]
}

export function listKernels(env: NodeJS.ProcessEnv = process.env): string[] {
  return readdirSync(kernelsDir(env))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort()
}

export function loadKernel(name: string, env: NodeJS.ProcessEnv = process.env): KernelSpec {
  const dir = kernelsDir(env)
  const file = join(dir, `${name}.json`)
  if (!existsSync(file))
    throw new UsageError(`unknown kernel '${name}': no ${file}; known: ${listKernels(env).join(', ')}`)
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`)
  }
  const parsed = KernelDefinition.safeParse(raw)
  if (!parsed.success) throw new UsageError(`${file}: ${z.prettifyError(parsed.error)}`)
  const fragments = parsed.data.fragments.map((fragment) => {
    const path = join(dir, 'fragments', `${fragment}.config`)
    if (!existsSync(path)) throw new UsageError(`${file}: fragment '${fragment}' not found at ${path}`)
    return { name: fragment, text: readFileSync(path, 'utf8') }
  })
  return { name, arch: parsed.data.arch, base: parsed.data.base, fragments }
}
