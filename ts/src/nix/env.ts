// The env side of the toolchain contract: which VMGATE_* variables the Nix
// files export, and which ones the toolkit reads (the TOOLS table, plus the
// few its code reads directly, found by reading that code).
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TOOLS } from '../toolchain/tools.js'

export interface Export {
  name: string
  /** file:line, the file relative to the tree the lint reads. */
  where: string
}

// An attribute (`VMGATE_X = ...;`), a shell assignment or export
// (`export VMGATE_X=...`), or a wrapper flag (`--set VMGATE_X ...`).
const EXPORT_PATTERNS = [/\b(VMGATE_[A-Z0-9_]+)\s*=(?!=)/g, /--set(?:-default)?\s+(VMGATE_[A-Z0-9_]+)\b/g]

// Property reads of an env object: `process.env.` or `env.` followed by the name, or `env['…']`.
const READ_PATTERN = /\benv(?:\.|\[\s*['"`])(VMGATE_[A-Z0-9_]+)/g

export function exportsIn(file: string, text: string): Export[] {
  const found: Export[] = []
  for (const [index, line] of text.split('\n').entries()) {
    for (const pattern of EXPORT_PATTERNS) {
      for (const match of line.matchAll(pattern)) found.push({ name: match[1], where: `${file}:${index + 1}` })
    }
  }
  return found
}

/** Every variable the toolkit reads: TOOLS' env vars and direct reads in the sources under `dirs`. */
export async function toolkitReads(dirs: string[]): Promise<Set<string>> {
  const names = new Set(TOOLS.map((tool) => tool.env))
  for (const dir of dirs) {
    for (const file of await tsFiles(dir)) {
      for (const match of (await readFile(file, 'utf8')).matchAll(READ_PATTERN)) names.add(match[1])
    }
  }
  return names
}

async function tsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath ?? e.path, e.name))
}
