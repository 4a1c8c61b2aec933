// The testroot is reproducible to the byte: two clean stores give equal images.
import { createHash } from 'node:crypto'
import { execa } from 'execa'
import { readFile } from 'node:fs/promises'
import t, { type Test } from 'tap'
import { lowering } from '../../src/arch/index.js'
import { baseEntries, buildTestroot } from '../../src/initramfs/root.js'
import { Store } from '../../src/store/store.js'
import { tool } from '../../src/toolchain/resolve.js'
import { tempDir } from '../helpers/temp.js'

async function cleanBuild(t: Test, mtime?: number): Promise<Buffer> {
  const dir = await tempDir(t, 'vmgate-root-')
  const root = await buildTestroot(lowering('x86_64'), new Store(dir), { mtime })
  return readFile(root.path)
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

t.test('building the testroot twice from clean gives identical sha256', async (t) => {
  const [a, b] = [await cleanBuild(t), await cleanBuild(t)]
  t.equal(sha256(a), sha256(b))
  t.not(sha256(await cleanBuild(t, 1234)), sha256(a), 'SOURCE_DATE_EPOCH is an input')
})

/** Names in each of the concatenated newc archives, as the kernel reads them one after another. */
function layers(image: Buffer): string[][] {
  const found: string[][] = [[]]
  for (let at = 0; at < image.length; ) {
    const field = (i: number) => parseInt(image.toString('ascii', at + 6 + i * 8, at + 14 + i * 8), 16)
    const [size, nameSize] = [field(6), field(11)]
    const name = image.toString('utf8', at + 110, at + 110 + nameSize - 1)
    const dataAt = at + Math.ceil((110 + nameSize) / 4) * 4
    at = dataAt + Math.ceil(size / 4) * 4
    if (name === 'TRAILER!!!') found.push([])
    else found.at(-1)!.push(name)
  }
  return found.filter((layer) => layer.length > 0)
}

t.test('the image is a base layer (busybox, applets, /dev/console) plus an overlay with init, vmgate-ready and vmgate-mark', async (t) => {
  const image = await cleanBuild(t)
  const [base, overlay, ...rest] = layers(image)
  for (const path of ['bin/busybox', 'bin/sh', 'dev/console', 'tmp']) t.ok(base.includes(path), path)
  t.same(overlay, ['bin', 'bin/vmgate-mark', 'bin/vmgate-ready', 'init'])
  t.same(rest, [])
  const firstLayer = (await execa(tool('cpio'), ['-t', '--quiet'], { input: image })).stdout.split('\n')
  t.same(firstLayer, base, 'GNU cpio reads the base layer the same way')
})

t.test('base entries link every applet to busybox', async (t) => {
  const entries = baseEntries(Buffer.from('bb'), ['bin/sh', 'sbin/ip', 'bin/busybox'])
  t.same(entries.filter((e) => e.kind === 'symlink').map((e) => e.path), ['bin/sh', 'sbin/ip'])
})
