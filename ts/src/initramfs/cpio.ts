// A cpio "newc" writer, the format the kernel unpacks into its initramfs.
// Output depends only on the entries: they are sorted by path, owned by 0:0,
// stamped with one fixed mtime and numbered in order, so equal inputs give
// equal bytes.

export type CpioEntry =
  | { path: string; kind: 'dir'; mode?: number }
  | { path: string; kind: 'file'; mode?: number; data: Uint8Array }
  | { path: string; kind: 'symlink'; target: string }
  | { path: string; kind: 'char'; mode?: number; major: number; minor: number }

const TYPE_BITS = { dir: 0o040000, file: 0o100000, symlink: 0o120000, char: 0o020000 } as const
const DEFAULT_MODE = { dir: 0o755, file: 0o644, symlink: 0o777, char: 0o600 } as const

export interface CpioOptions {
  /** Seconds since the epoch, stamped on every entry (SOURCE_DATE_EPOCH). */
  mtime: number
}

export function writeCpio(entries: CpioEntry[], options: CpioOptions): Buffer {
  const chunks: Buffer[] = []
  const all = withParents(entries).sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)))
  all.forEach((entry, index) => chunks.push(...record(entry, index + 1, options.mtime)))
  chunks.push(...header('TRAILER!!!', { ino: 0, mode: 0, nlink: 1, mtime: 0, size: 0 }, Buffer.alloc(0)))
  return Buffer.concat(chunks)
}

function normalise(path: string): string {
  const clean = path.replace(/^\/+/, '').replace(/\/+$/, '')
  if (clean === '' || clean.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    throw new Error(`cpio: bad path '${path}'; use a relative path without '.', '..' or empty parts`)
  }
  return clean
}

/** Every entry's parent directories exist in the archive, or the kernel skips the entry. */
function withParents(entries: CpioEntry[]): CpioEntry[] {
  const byPath = new Map<string, CpioEntry>()
  for (const entry of entries) {
    const path = normalise(entry.path)
    if (byPath.has(path)) throw new Error(`cpio: '${path}' appears twice`)
    byPath.set(path, { ...entry, path })
  }
  for (const path of [...byPath.keys()]) {
    const parts = path.split('/')
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/')
      if (!byPath.has(parent)) byPath.set(parent, { path: parent, kind: 'dir' })
    }
  }
  return [...byPath.values()]
}

function record(entry: CpioEntry, ino: number, mtime: number): Buffer[] {
  const perm = entry.kind === 'symlink' ? DEFAULT_MODE.symlink : (entry.mode ?? DEFAULT_MODE[entry.kind])
  const mode = TYPE_BITS[entry.kind] | (perm & 0o7777)
  const data =
    entry.kind === 'file'
      ? Buffer.from(entry.data)
      : entry.kind === 'symlink'
        ? Buffer.from(entry.target)
        : Buffer.alloc(0)
  const rdev = entry.kind === 'char' ? { rmajor: entry.major, rminor: entry.minor } : {}
  return header(entry.path, { ino, mode, nlink: entry.kind === 'dir' ? 2 : 1, mtime, size: data.length, ...rdev }, data)
}

interface HeaderFields {
  ino: number
  mode: number
  nlink: number
  mtime: number
  size: number
  rmajor?: number
  rminor?: number
}

function header(name: string, f: HeaderFields, data: Buffer): Buffer[] {
  const nameBytes = Buffer.concat([Buffer.from(name), Buffer.from([0])])
  const fields = [
    f.ino,
    f.mode,
    0,
    0,
    f.nlink,
    f.mtime,
    f.size,
    0,
    0,
    f.rmajor ?? 0,
    f.rminor ?? 0,
    nameBytes.length,
    0,
  ]
  const head = Buffer.from('070701' + fields.map((n) => n.toString(16).padStart(8, '0')).join(''), 'ascii')
  return [head, nameBytes, pad(head.length + nameBytes.length), data, pad(data.length)]
}

function pad(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4)
}
