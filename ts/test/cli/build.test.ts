// vmgate build --only/--root/--out: what the Nix packages call to get a
// kernel or a root out of a throwaway store.
import { existsSync, readlinkSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

t.test('--only root --out copies the initramfs and nothing else', async (t) => {
  const out = await tempDir(t, 'vmgate-build-out-')
  const inStore = await vmgate(['build', '--only', 'root', '--root', 'testroot', '--json'])
  t.equal(inStore.exitCode, 0, inStore.all)
  const copied = await vmgate(['build', '--only', 'root', '--root', 'testroot', '--out', out, '--json'])
  t.equal(copied.exitCode, 0, copied.all)
  t.same(JSON.parse(copied.stdout), { initramfs: join(out, 'initramfs.cpio') })
  t.ok(
    (await readFile(join(out, 'initramfs.cpio'))).equals(await readFile(JSON.parse(inStore.stdout).initramfs)),
    'the same bytes as the store entry',
  )
})

t.test('--only kernel --out copies the image, the config and the build tree', async (t) => {
  const out = await tempDir(t, 'vmgate-build-out-')
  const run = await vmgate(['build', '--only', 'kernel', '--out', out, '--json'])
  t.equal(run.exitCode, 0, run.all)
  t.same(JSON.parse(run.stdout), {
    image: join(out, 'image'),
    config: join(out, 'config'),
    buildTree: join(out, 'build'),
  })
  t.match(await readFile(join(out, 'config'), 'utf8'), /^CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES=y$/m)
  t.ok(existsSync(join(out, 'build', '.config')), 'the build tree modules compile against')
  t.match(readlinkSync(join(out, 'build', 'source')), /^\//, 'its source link still points at the kernel source')
})

t.test('a bad --only or an unknown root is a usage error', async (t) => {
  for (const args of [
    ['build', '--only', 'everything'],
    ['build', '--only', 'root', '--root', 'nope'],
  ]) {
    const run = await vmgate(args)
    t.equal(run.exitCode, 2, `${args.join(' ')}: ${run.all}`)
  }
})
