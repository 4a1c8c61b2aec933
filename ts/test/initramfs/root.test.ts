// The testroot is reproducible to the byte: two clean stores give equal images.
import { createHash } from 'node:crypto'
import { execa } from 'execa'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { lowering } from '../../src/arch/index.js'
import { baseEntries, buildRoot, buildTestroot } from '../../src/initramfs/root.js'
import { loadRoot } from '../../src/initramfs/root-spec.js'
import { projectRoot } from '../../src/paths.js'
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
  for (let at = 0; at < image.length;) {
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

t.test(
  'the image is a base layer (busybox, applets, /dev/console) plus an overlay with init, vmgate-ready, vmgate-mark and the guest programs',
  async (t) => {
    const image = await cleanBuild(t)
    const [base, overlay, ...rest] = layers(image)
    for (const path of ['bin/busybox', 'bin/sh', 'dev/console', 'tmp']) t.ok(base.includes(path), path)
    const programs = (await readdir(join(projectRoot(), 'roots/scripts'))).map((name) => `usr/local/bin/${name}`).sort()
    t.ok(programs.includes('usr/local/bin/tcp-sink'), 'roots/scripts has tcp-sink')
    t.same(overlay, [
      'bin',
      'bin/vmgate-mark',
      'bin/vmgate-ready',
      'init',
      'usr',
      'usr/local',
      'usr/local/bin',
      ...programs,
    ])
    t.same(rest, [])
    const firstLayer = (await execa(tool('cpio'), ['-t', '--quiet'], { input: image })).stdout.split('\n')
    t.same(firstLayer, base, 'GNU cpio reads the base layer the same way')
  },
)

t.test("a root's guest programs are in its image's key: a changed script gives another image", async (t) => {
  const dir = await tempDir(t, 'vmgate-root-')
  const spec = loadRoot('testroot')
  const other = await tempDir(t, 'vmgate-scripts-')
  await writeFile(join(other, 'tcp-sink'), '#!/bin/sh\nexit 1\n')
  const store = new Store(dir)
  const [a, b] = [
    await buildRoot(spec, lowering('x86_64'), store),
    await buildRoot({ ...spec, scripts: [other] }, lowering('x86_64'), store),
  ]
  t.not(a.key, b.key)
  t.ok((await readFile(b.path)).includes('#!/bin/sh\nexit 1\n'), 'the changed script is in the image')
})

t.test('base entries link every applet to busybox', async (t) => {
  const entries = baseEntries(Buffer.from('bb'), ['bin/sh', 'sbin/ip', 'bin/busybox'])
  t.same(
    entries.filter((e) => e.kind === 'symlink').map((e) => e.path),
    ['bin/sh', 'sbin/ip'],
  )
})
