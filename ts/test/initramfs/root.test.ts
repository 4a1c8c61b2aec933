// The testroot is reproducible to the byte: two clean stores give equal images.
import { createHash } from 'node:crypto'
import { execa } from 'execa'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { lowering } from '../../src/arch/index.js'
import { baseEntries, buildTestroot } from '../../src/initramfs/root.js'
import { Store } from '../../src/store/store.js'

async function cleanBuild(t: Test, mtime?: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'vmgate-root-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const root = await buildTestroot(lowering('x86_64'), new Store(dir), { mtime })
  return readFile(root.path)
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

t.test('building the testroot twice from clean gives identical sha256', async (t) => {
  const [a, b] = [await cleanBuild(t), await cleanBuild(t)]
  t.equal(sha256(a), sha256(b))
  t.not(sha256(await cleanBuild(t, 1234)), sha256(a), 'SOURCE_DATE_EPOCH is an input')
})

t.test('the image holds init, busybox, its applets and /dev/console', async (t) => {
  const listed = (await execa('cpio', ['-t', '--quiet'], { input: await cleanBuild(t) })).stdout.split('\n')
  for (const path of ['init', 'bin/busybox', 'bin/sh', 'dev/console', 'tmp']) t.ok(listed.includes(path), path)
})

t.test('base entries link every applet to busybox', async (t) => {
  const entries = baseEntries(Buffer.from('bb'), ['bin/sh', 'sbin/ip', 'bin/busybox'])
  t.same(entries.filter((e) => e.kind === 'symlink').map((e) => e.path), ['bin/sh', 'sbin/ip'])
})
