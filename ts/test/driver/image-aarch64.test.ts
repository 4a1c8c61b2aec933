// The trixie image on aarch64: built by `vmgate image build --arch aarch64`
// (mmdebstrap through qemu-user on an x86 host), booted under AAVMF on virt
// through the Machine API, with its console and a credential from SMBIOS
// type 11 as on x86. Building it emulates every maintainer script, which is
// far longer than `just check` can spend on a fresh machine, so it runs only
// when asked: VMGATE_TEST_AARCH64_IMAGE=1 (`just image-aarch64`).
import t from 'tap'
import { Machine } from '../../src/driver/machine.js'
import { buildImage } from '../../src/image/build.js'
import { loadImage } from '../../src/image/definition.js'
import { fileSha256 } from '../../src/image/disk.js'
import { autologinConsole } from '../../src/image/smbios.js'
import { stderrSink } from '../../src/log.js'
import { Store } from '../../src/store/store.js'

const ASKED = process.env.VMGATE_TEST_AARCH64_IMAGE === '1'

// A cold build under qemu-user plus a systemd boot under TCG, on a shared host.
t.setTimeout(7_200_000)

t.test(
  'a trixie image under AAVMF on virt: SMBIOS console and credential, a shell, uname -m',
  { skip: !ASKED && 'the aarch64 image build takes long: set VMGATE_TEST_AARCH64_IMAGE=1 (just image-aarch64)' },
  async (t) => {
    const image = await buildImage(loadImage('trixie'), 'aarch64', Store.fromEnv(), stderrSink)
    t.equal(image.arch, 'aarch64')
    const before = await fileSha256(image.disk)
    t.equal(before, image.sha256, 'the image is the one the store recorded')

    const machine = await Machine.create({
      name: 'trixie-arm64',
      image,
      smbios: autologinConsole('ttyAMA0', { 'vmgate.probe': 'from-smbios' }),
      log: stderrSink,
    })
    t.teardown(() => machine.dispose())
    t.equal(machine.kernelConsole, 'ttyAMA0', "virt's PL011 carries the kernel and the login")

    await machine.start()
    await machine.waitForUnit('multi-user.target')
    t.match(
      await machine.succeed('cat /proc/cmdline'),
      /console=ttyAMA0/,
      'console=ttyAMA0 from SMBIOS is on the kernel command line',
    )
    t.equal(
      (await machine.succeed('cat /run/credentials/@system/vmgate.probe')).trim(),
      'from-smbios',
      'the SMBIOS credential reached systemd',
    )
    t.equal((await machine.succeed('uname -m')).trim(), 'aarch64', 'the guest runs aarch64')
    await machine.shutdown()
    t.equal(await fileSha256(image.disk), before, "the image's sha256 is unchanged")
  },
)
