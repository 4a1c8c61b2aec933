import { execa } from 'execa'
import { readFile, readlink, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { writeCpio, type CpioEntry } from '../../src/initramfs/cpio.js'
import { tool } from '../../src/toolchain/resolve.js'
import { tempDir } from '../helpers/temp.js'

const entries: CpioEntry[] = [
  { path: 'usr/bin/hello', kind: 'file', mode: 0o755, data: Buffer.from('#!/bin/sh\necho hi\n') },
  { path: 'bin/sh', kind: 'symlink', target: '/bin/busybox' },
  { path: 'etc/odd-size', kind: 'file', data: Buffer.from('abcde') },
  { path: 'tmp', kind: 'dir', mode: 0o1777 },
]

t.test('cpio -t lists every entry, parents added, sorted by path', async (t) => {
  const archive = writeCpio(entries, { mtime: 1700000000 })
  const listed = await execa(tool('cpio'), ['-t', '--quiet'], { input: archive })
  t.same(listed.stdout.split('\n'), ['bin', 'bin/sh', 'etc', 'etc/odd-size', 'tmp', 'usr', 'usr/bin', 'usr/bin/hello'])
})

t.test('cpio -i extracts contents, modes, links and mtimes as written', async (t) => {
  const dir = await tempDir(t, 'vmgate-cpio-')
  await execa(
    tool('cpio'),
    ['-i', '--quiet', '--make-directories', '--preserve-modification-time', '--no-absolute-filenames'],
    { input: writeCpio(entries, { mtime: 1700000000 }), cwd: dir },
  )
  t.equal(await readFile(join(dir, 'usr/bin/hello'), 'utf8'), '#!/bin/sh\necho hi\n')
  t.equal(await readFile(join(dir, 'etc/odd-size'), 'utf8'), 'abcde')
  t.equal((await stat(join(dir, 'usr/bin/hello'))).mode & 0o7777, 0o755)
  t.equal((await stat(join(dir, 'tmp'))).mode & 0o7777, 0o1777)
  t.equal(await readlink(join(dir, 'bin/sh')), '/bin/busybox')
  t.equal((await stat(join(dir, 'etc/odd-size'))).mtimeMs, 1700000000 * 1000)
})

t.test('equal inputs give equal bytes whatever their order; the mtime is part of the input', async (t) => {
  const a = writeCpio(entries, { mtime: 5 })
  const b = writeCpio([...entries].reverse(), { mtime: 5 })
  t.ok(a.equals(b))
  t.notOk(a.equals(writeCpio(entries, { mtime: 6 })))
})

t.test('every entry is owned by root and 4-byte aligned; the archive ends with a trailer', async (t) => {
  const archive = writeCpio(entries, { mtime: 0 })
  t.equal(archive.length % 4, 0)
  t.match(archive.subarray(archive.length - 200).toString('latin1'), /TRAILER!!!/)
  const dir = await tempDir(t, 'vmgate-cpio-')
  await writeFile(join(dir, 'a.cpio'), archive)
  const verbose = await execa(tool('cpio'), ['-tv', '--quiet', '-F', join(dir, 'a.cpio')])
  for (const line of verbose.stdout.split('\n')) t.match(line, /^\S+\s+\d+\s+root\s+root\s/)
})

t.test('bad paths and duplicates are refused with the path named', async (t) => {
  t.throws(() => writeCpio([{ path: 'a/../b', kind: 'dir' }], { mtime: 0 }), /bad path 'a\/\.\.\/b'/)
  t.throws(
    () =>
      writeCpio(
        [
          { path: 'a', kind: 'dir' },
          { path: '/a', kind: 'dir' },
        ],
        { mtime: 0 },
      ),
    /'a' appears twice/,
  )
})
