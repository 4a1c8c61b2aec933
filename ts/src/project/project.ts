// A project is a directory whose vmgate.toml may have a [project] table naming
// where its root definitions, native components and extensions live. vmgate's
// own checkout is one (its vmgate.toml declares the components under test), and
// a user's project is another, found from the working directory upward: the
// lab finds roots and components through the projects and through nothing else.
import { existsSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { projectRoot } from '../paths.js'
import { CONFIG_NAME, readConfig, searchConfig } from '../targets/file.js'

export interface Project {
  /** Its vmgate.toml. */
  file: string
  /** Where its relative paths start: the directory of vmgate.toml. */
  dir: string
  /** Directories holding root definitions (NAME.json), absolute. */
  roots: string[]
  /** Directories holding a components.json, absolute. */
  components: string[]
  /** Extension modules, as written (relative to `dir`). */
  extensions: string[]
  /** vmgate's own checkout, whose extensions are bundled into the CLI. */
  own: boolean
}

let chosen: string | undefined

/** The user's project is this vmgate.toml (`vmgate test --config`), not the one found from the working directory. */
export function useProjectFile(file: string): void {
  chosen = resolve(file)
}

/** vmgate's own project, then the user's (`user`: its vmgate.toml) when there is one and it is another. */
export function projects(user: string | undefined = chosen ?? searchConfig()): Project[] {
  const own = loadProject(join(projectRoot(), CONFIG_NAME), true)
  return user && resolve(user) !== own.file ? [own, loadProject(resolve(user), false)] : [own]
}

export function loadProject(file: string, own: boolean): Project {
  const dir = dirname(file)
  const table = existsSync(file) ? (readConfig(file).project ?? {}) : {}
  const dirs = (key: 'roots' | 'components') =>
    (table[key] ?? []).map((path) => {
      const full = resolve(dir, path)
      if (!statSync(full, { throwIfNoEntry: false })?.isDirectory())
        throw new UsageError(`${file}: project.${key}: ${path} is not a directory (${full}); paths start at ${dir}`)
      return full
    })
  return {
    file,
    dir,
    roots: dirs('roots'),
    components: dirs('components'),
    extensions: table.extensions ?? [],
    own,
  }
}
