// Image definitions under images/NAME.json: which Debian release and packages,
// the kernel command line baked into the UKI, hooks run in the root, sizes.
// Validated once here; everything downstream trusts the plain object.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import * as z from 'zod'
import { UsageError } from '../errors.js'
import { projectRoot } from '../paths.js'

const ImageDefinition = z.strictObject({
  description: z.string(),
  /** A Debian suite the mirror serves, e.g. trixie. */
  release: z.string().regex(/^[a-z-]+$/),
  mirror: z.url(),
  /** Installed on top of the essential set; the arch's kernel package is added (image/arch.ts). */
  packages: z.array(z.string().regex(/^[a-z0-9][a-z0-9+.-]*$/)),
  /** Baked into the UKI after root=PARTUUID=…; tests add theirs through SMBIOS, never here. */
  kernelCmdline: z.array(z.string()).default([]),
  /** dpkg path-exclude globs: what no booted system needs (man pages, docs). */
  dpkgExclude: z.array(z.string().startsWith('/')).default([]),
  /** Executable mmdebstrap customize hooks (project-relative), run with the root as $1. */
  customize: z.array(z.string()).default([]),
  espMiB: z.number().int().min(64),
  rootMiB: z.number().int().min(256),
})

export interface ImageSpec extends z.output<typeof ImageDefinition> {
  name: string
}

function imagesDir(): string {
  return join(projectRoot(), 'images')
}

export function listImages(): string[] {
  return readdirSync(imagesDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort()
}

export function loadImage(name: string): ImageSpec {
  const file = join(imagesDir(), `${name}.json`)
  if (!existsSync(file)) throw new UsageError(`unknown image '${name}': no ${file}; known: ${listImages().join(', ')}`)
  return parseImage(name, JSON.parse(readFileSync(file, 'utf8')), file)
}

/** `where` names the source for the error (the file). */
export function parseImage(name: string, json: unknown, where: string): ImageSpec {
  const parsed = ImageDefinition.safeParse(json)
  if (!parsed.success) throw new UsageError(`${where}: ${z.prettifyError(parsed.error)}`)
  const notExecutable = parsed.data.customize.filter(
    (hook) => ((statSync(resolve(projectRoot(), hook), { throwIfNoEntry: false })?.mode ?? 0) & 0o111) === 0,
  )
  if (notExecutable.length > 0)
    throw new UsageError(
      `${where}: customize hooks ${notExecutable.join(', ')} are not executable files; chmod +x them`,
    )
  return { name, ...parsed.data }
}
