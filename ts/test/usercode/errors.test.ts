// Bad user code is a usage error (exit 2) that names what's wrong, before any guest boots.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

t.test('a missing host path names it', async (t) => {
  const run = await vmgate(['run', '--add', './no-such-binary', '--', 'true'])
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /--add \.\/no-such-binary: no such file or directory on the host/)
})

t.test('a kernel image whose .config lacks a needed symbol names it and its fragment', async (t) => {
  const dir = await tempDir(t, 'vmgate-image-')
  await writeFile(join(dir, 'bzImage'), 'not really a kernel')
  await writeFile(
    join(dir, '.config'),
    'CONFIG_BLK_DEV_INITRD=y\nCONFIG_VIRTIO_MMIO=y\n# CONFIG_VIRTIO_CONSOLE is not set\n',
  )
  const run = await vmgate(['run', '--kernel-image', join(dir, 'bzImage'), '--', 'true'])
  t.equal(run.exitCode, 2, run.all)
  t.match(
    run.stderr,
    /CONFIG_VIRTIO_CONSOLE=y \(kernels\/fragments\/virtio-mmio\.config\): the verdict channel .*; it is not set/,
  )
  t.match(run.stderr, /CONFIG_BINFMT_ELF=y \(kernels\/fragments\/base\.config\)/)
})

t.test('a bad key in vmgate.toml names the key and its line', async (t) => {
  const dir = await tempDir(t, 'vmgate-toml-')
  await writeFile(join(dir, 'vmgate.toml'), '[target.a]\ncommand = "true"\ntimeot = 5\n')
  const run = await vmgate(['test'], {}, dir)
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /vmgate\.toml:3: target\.a\.timeot: unknown key 'timeot'/)
})
