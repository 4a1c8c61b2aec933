// Two real builds of the trixie image, each in a fresh store, must match byte
// for byte. The stores share the .deb cache of the usual one (so the second
// build downloads nothing new and both install the same package versions);
// everything else, root tree to GPT, is built twice. Each build is minutes,
// so it runs only when asked: VMGATE_TEST_IMAGE_REPRO=1 (`just repro-image`).
import { mkdtemp, open, readFile, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildImage, type BuiltImage } from '../../src/image/build.js'
import { loadImage } from '../../src/image/definition.js'
import { stderrSink } from '../../src/log.js'
import { Store } from '../../src/store/store.js'

const ASKED = process.env.VMGATE_TEST_IMAGE_REPRO === '1'
const ARCH = process.env.VMGATE_TEST_IMAGE_REPRO_ARCH ?? 'x86_64'

t.setTimeout(7_200_000)

/** A build of the image in a fresh store whose apt-cache is the usual store's. */
async function freshBuild(t: Test, attempt: number): Promise<BuiltImage & { packages: string }> {
  const root = await mkdtemp(join(tmpdir(), `vmgate-repro-image-${attempt}-`))
  t.teardown(() => rm(root, { recursive: true, force: true }))
  await symlink(join(Store.fromEnv().root, 'apt-cache'), join(root, 'apt-cache'))
  const image = await buildImage(loadImage('trixie'), ARCH, new Store(root), stderrSink)
  t.ok(image.built, `build ${attempt} built the image (${image.key}) in ${root}`)
  return { ...image, packages: await readFile(join(image.disk, '..', 'packages.txt'), 'utf8') }
}

/** The offset of the first byte where the two files differ, or -1: where to look when the hashes don't match. */
async function firstDifference(a: string, b: string): Promise<number> {
  const [fa, fb] = await Promise.all([open(a), open(b)])
  try {
    const [ba, bb] = [Buffer.alloc(1 << 20), Buffer.alloc(1 << 20)]
    for (let offset = 0; ; offset += ba.length) {
      const [ra, rb] = await Promise.all([fa.read(ba, 0, ba.length, offset), fb.read(bb, 0, bb.length, offset)])
      const at = ba.subarray(0, ra.bytesRead).findIndex((byte, i) => byte !== bb[i])
      if (at >= 0) return offset + at
      if (ra.bytesRead !== rb.bytesRead) return offset + Math.min(ra.bytesRead, rb.bytesRead)
      if (ra.bytesRead === 0) return -1
    }
  } finally {
    await Promise.all([fa.close(), fb.close()])
  }
}

t.test(
  `two builds of the trixie image (${ARCH}) in fresh stores are the same bytes`,
  { skip: !ASKED && 'two image builds take long: set VMGATE_TEST_IMAGE_REPRO=1 (just repro-image)' },
  async (t) => {
    const first = await freshBuild(t, 1)
    const second = await freshBuild(t, 2)
    t.equal(first.key, second.key, 'the same store key')
    t.equal(second.packages, first.packages, 'the same package versions (else the mirror moved between the builds)')
    t.comment(`sha256 ${first.sha256} and ${second.sha256}`)
    t.equal(second.sha256, first.sha256, 'the same sha256')
    t.equal(await firstDifference(first.disk, second.disk), -1, 'no byte differs')
  },
)
