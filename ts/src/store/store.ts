// The content-addressed artifact store. An entry is built in a scratch dir under
// the store and renamed into place, so readers never see half an entry; a lock
// per entry keeps concurrent builders from doing the work twice.
import { createReadStream, existsSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import { storeKey } from './key.js'

const MANIFEST = '.vmgate-entry.json'
const LOCK = { realpath: false, stale: 30_000 } as const

// proper-lockfile (and the graceful-fs it brings) loads when a lock is first
// taken or checked: a run whose entries all exist takes none, and loading it
// costs start-up.
/** Takes the lock at `target`, trying again every 500 ms up to `retries` times. */
async function takeLock(target: string, retries = 0): Promise<() => Promise<void>> {
  const { default: lockfile } = await import('proper-lockfile')
  return lockfile.lock(target, { ...LOCK, retries: { retries, factor: 1, minTimeout: 500, maxTimeout: 500 } })
}

async function isLocked(target: string): Promise<boolean> {
  if (!existsSync(target)) return false
  const { default: lockfile } = await import('proper-lockfile')
  return lockfile.check(target, LOCK)
}

/** A per-identity cache file's entries; none when it is missing or unreadable. */
function readCacheFile(file: string): Promise<Record<string, unknown>> {
  return readFile(file, 'utf8').then(
    (text) => JSON.parse(text),
    () => ({}),
  )
}

export interface Entry {
  path: string
  key: string
  built: boolean
}

export function storeRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.VMGATE_STORE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vmgate')
}

export class Store {
  /** Per-file-identity caches (fingerprints, library lists): each loaded once, shared by concurrent callers. */
  private caches = new Map<string, Promise<Record<string, unknown>>>()
  private computing = new Map<string, Promise<unknown>>()

  constructor(readonly root: string) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): Store {
    return new Store(storeRoot(env))
  }

  entryPath(kind: string, key: string): string {
    return join(this.root, `${kind}-${key}`)
  }

  /**
   * Returns the entry for `inputs`, building it with `build(dir)` when absent.
   * `dir` is a fixed scratch path per entry, so a build that embeds its own path
   * (a kernel build tree) gives the same bytes on every machine.
   */
  async ensure(
    kind: string,
    inputs: unknown,
    build: (dir: string) => Promise<void>,
    onWait?: () => void,
  ): Promise<Entry> {
    const key = storeKey({ kind, inputs })
    const path = this.entryPath(kind, key)
    if (await this.touch(path)) return { path, key, built: false }
    const release = await this.lock(await this.lockTarget(kind, key), onWait)
    try {
      return await this.buildLocked(kind, key, inputs, build)
    } finally {
      await release()
    }
  }

  /** The entry for `inputs` when it exists (marked used), without building it. */
  async find(kind: string, inputs: unknown): Promise<Entry | undefined> {
    const key = storeKey({ kind, inputs })
    const path = this.entryPath(kind, key)
    return (await this.touch(path)) ? { path, key, built: false } : undefined
  }

  /** Like ensure, but when another process is building the entry it returns undefined at once instead of waiting. */
  async ensureUnlessBusy(
    kind: string,
    inputs: unknown,
    build: (dir: string) => Promise<void>,
  ): Promise<Entry | undefined> {
    const key = storeKey({ kind, inputs })
    const release = await takeLock(await this.lockTarget(kind, key)).catch(() => undefined)
    if (!release) return undefined
    try {
      return await this.buildLocked(kind, key, inputs, build)
    } finally {
      await release()
    }
  }

  /** Removes an entry found bad, so that the next ensure builds it again. */
  async remove(entry: Entry): Promise<void> {
    await rm(entry.path, { recursive: true, force: true })
  }

  private async lockTarget(kind: string, key: string): Promise<string> {
    const locks = join(this.root, 'locks')
    await mkdir(locks, { recursive: true })
    const target = join(locks, `${kind}-${key}`)
    await writeFile(target, '', { flag: 'a' })
    return target
  }

  private async buildLocked(
    kind: string,
    key: string,
    inputs: unknown,
    build: (dir: string) => Promise<void>,
  ): Promise<Entry> {
    const path = this.entryPath(kind, key)
    if (await this.touch(path)) return { path, key, built: false }
    const scratch = join(this.root, 'build', `${kind}-${key}`)
    await rm(scratch, { recursive: true, force: true })
    await mkdir(scratch, { recursive: true })
    await build(scratch)
    await writeFile(join(scratch, MANIFEST), JSON.stringify({ kind, key, inputs }, null, 2))
    await rename(scratch, path)
    return { path, key, built: true }
  }

  private async lock(target: string, onWait?: () => void): Promise<() => Promise<void>> {
    try {
      return await takeLock(target)
    } catch {
      onWait?.()
      // Another builder holds it; wait for as long as a kernel build may take.
      return takeLock(target, 3600)
    }
  }

  /** Marks an entry as used now; false when it does not exist. */
  private async touch(path: string): Promise<boolean> {
    const manifest = join(path, MANIFEST)
    if (!existsSync(manifest)) return false
    const now = new Date()
    await utimes(manifest, now, now).catch(() => {})
    return true
  }

  /** Content hash of a file, cached by its identity so large inputs hash once. */
  fingerprint(file: string): Promise<string> {
    return this.byIdentity('fingerprints', file, async () => {
      const hash = createHash('sha256')
      for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
      return hash.digest('hex')
    })
  }

  /**
   * What `compute` derives from `file`, cached (in the store, across runs) by the
   * file's identity: its path, inode, size and modification time. Unchanged host
   * files are neither hashed nor run through a tool again.
   */
  async byIdentity<T>(cacheName: string, file: string, compute: () => Promise<T>): Promise<T> {
    const info = await stat(file)
    const identity = `${file}:${info.ino}:${info.size}:${info.mtimeMs}`
    const cacheFile = join(this.root, `${cacheName}.json`)
    if (!this.caches.has(cacheName)) this.caches.set(cacheName, readCacheFile(cacheFile))
    const cache = await this.caches.get(cacheName)!
    if (identity in cache) return cache[identity] as T
    const key = `${cacheName}:${identity}`
    if (!this.computing.has(key))
      this.computing.set(key, this.computeAndRecord(cacheFile, cache, { file, identity }, compute))
    return this.computing.get(key) as Promise<T>
  }

  private async computeAndRecord<T>(
    cacheFile: string,
    cache: Record<string, unknown>,
    { file, identity }: { file: string; identity: string },
    compute: () => Promise<T>,
  ): Promise<T> {
    const value = await compute()
    // What other runs recorded since this one read the file stays: concurrent runs keep each other's entries.
    for (const [other, known] of Object.entries(await readCacheFile(cacheFile)))
      if (!(other in cache)) cache[other] = known
    // An edited file's older identities never match again: the cache keeps one per path.
    for (const old of Object.keys(cache))
      if (old.startsWith(`${file}:`) && /^\d+:\d+:[\d.]+$/.test(old.slice(file.length + 1))) delete cache[old]
    cache[identity] = value
    // Written whole under a unique name, then renamed: readers never see half a file.
    await mkdir(this.root, { recursive: true })
    const temp = `${cacheFile}.${process.pid}.${randomBytes(4).toString('hex')}`
    await writeFile(temp, JSON.stringify(cache))
    await rename(temp, cacheFile)
    return cache[identity] as T
  }

  /** Removes entries (of `kind` only, if given) unused for `olderThanDays` (all with 0) and stale scratch dirs. */
  async gc(olderThanDays: number, kind?: string): Promise<{ removed: string[]; kept: number }> {
    const cutoff = Date.now() - olderThanDays * 86_400_000
    const removed: string[] = []
    let kept = 0
    for (const name of await readdir(this.root).catch(() => [] as string[])) {
      const manifest = join(this.root, name, MANIFEST)
      if (!existsSync(manifest) || (kind && !name.startsWith(`${kind}-`))) continue
      if (await isLocked(join(this.root, 'locks', name))) continue
      if ((await stat(manifest)).mtimeMs >= cutoff && olderThanDays > 0) {
        kept++
        continue
      }
      await rm(join(this.root, name), { recursive: true, force: true })
      removed.push(name)
    }
    await this.removeUnlockedScratch()
    return { removed, kept }
  }

  private async removeUnlockedScratch(): Promise<void> {
    const scratchRoot = join(this.root, 'build')
    for (const name of await readdir(scratchRoot).catch(() => [] as string[])) {
      if (await isLocked(join(this.root, 'locks', name))) continue
      await rm(join(scratchRoot, name), { recursive: true, force: true })
    }
  }
}
