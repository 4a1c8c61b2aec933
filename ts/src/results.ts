// A run's directory under the results root, and the `latest` link to it that
// scenario, suite (an extension's) and bench runs each keep.
import { randomBytes } from 'node:crypto'
import { mkdir, rm, symlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** `<root>/<prefix><timestamp>-<4 hex>`, created. */
export async function newRunDir(root: string, prefix = ''): Promise<{ runId: string; dir: string }> {
  const runId = `${prefix}${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`
  const dir = resolve(root, runId)
  await mkdir(dir, { recursive: true })
  return { runId, dir }
}

/** Points `<root>/<link>` at `target` (a name inside root). */
export async function pointLatest(root: string, link: string, target: string): Promise<void> {
  await rm(join(root, link), { force: true })
  await symlink(target, join(root, link))
}
