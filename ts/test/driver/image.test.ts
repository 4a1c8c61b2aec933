// The image test the issue asks for, on one trixie image built by `vmgate image
// build`: UEFI boot to multi-user.target, console=ttyS1 through SMBIOS, a shell
// on the second console, an attached disk whose config names a unit that
// connects through passt to a host service in the run's namespace, the same
// again after a restart, the image's bytes unchanged, the two ways a test
// fails (a prompt that never comes, a command that exits non-zero), and a
// kernel panic reported as the machine's failure.
import { join } from 'node:path'
import t from 'tap'
import { InfraError, TestFailure } from '../../src/errors.js'
import { Machine } from '../../src/driver/machine.js'
import { diskFromDir } from '../../src/image/attached-disk.js'
import { buildImage } from '../../src/image/build.js'
import { loadImage } from '../../src/image/definition.js'
import { fileSha256 } from '../../src/image/disk.js'
import { autologinConsole } from '../../src/image/smbios.js'
import { stderrSink } from '../../src/log.js'
import { NetNamespace } from '../../src/netns/namespace.js'
import { startPasst } from '../../src/netns/passt.js'
import { Store } from '../../src/store/store.js'
import { tool } from '../../src/toolchain/resolve.js'
import { waitFor } from '../../src/wait.js'

// An image build (minutes on a fresh machine) and two systemd boots under TCG, on a shared host.
t.setTimeout(3_600_000)

const FIXTURE = join(import.meta.dirname, 'fixtures', 'probe-disk')
const PORT = 7000

/** The host service: socat listening on the namespace's service address, every connection's bytes as lines. */
function hostService(ns: NetNamespace) {
  const lines: string[] = []
  const waiters = new Set<() => void>()
  const listen = `TCP-LISTEN:${PORT},bind=${ns.addresses.service},reuseaddr,fork`
  ns.start(tool('socat'), ['-u', listen, 'STDOUT'], {
    what: 'host service (socat)',
    stdout: (line) => {
      lines.push(line)
      for (const wake of waiters) wake()
    },
    stderr: 'ignore',
  })
  const received = (expected: string) =>
    waitFor(
      { phase: `host service receives ${expected}`, timeoutMs: 120_000, lastState: () => lines.join(' | ') },
      ({ resolve }) => {
        const look = () => lines.includes(expected) && resolve(undefined)
        waiters.add(look)
        look()
        return () => waiters.delete(look)
      },
    )
  return { received }
}

t.test(
  'a trixie image under OVMF: SMBIOS console, shell, attached disk, passt to a namespaced service, restart',
  async (t) => {
    const image = await buildImage(loadImage('trixie'), 'x86_64', Store.fromEnv(), stderrSink)
    const before = await fileSha256(image.disk)
    t.equal(before, image.sha256, 'the image is the one the store recorded')

    const ns = await NetNamespace.create()
    t.teardown(() => ns.dispose())
    t.comment(`network namespace: ${ns.mode === 'root' ? 'as root' : 'unprivileged, in a user namespace'}`)
    const service = hostService(ns)
    const passt = await startPasst(ns, 'guest')
    t.teardown(() => passt.dispose())
    const disk = await diskFromDir(FIXTURE, { type: 'ext4', label: 'config' })
    t.teardown(() => disk.dispose())

    const machine = await Machine.create({
      name: 'trixie',
      image,
      disks: [disk.file],
      nic: { socket: passt.socket },
      smbios: autologinConsole('ttyS1'),
      log: stderrSink,
    })
    t.teardown(() => machine.dispose())

    const connectOnce = async (message: string) => {
      await machine.waitForUnit('multi-user.target')
      t.match(
        await machine.succeed('cat /proc/cmdline'),
        /console=ttyS1/,
        'console=ttyS1 from SMBIOS is on the kernel command line',
      )
      await machine.succeed('mkdir -p /mnt/config && mount -o ro /dev/vdb /mnt/config')
      const unit = (await machine.succeed('. /mnt/config/app.conf && echo $UNIT')).trim()
      t.equal(unit, 'vmgate-probe.service', 'the config on the attached disk names the unit')
      await machine.waitUntilSucceeds('ip -4 route show default | grep -q via', { timeoutMs: 120_000 })
      await machine.succeed(
        `echo MESSAGE=${message} > /run/vmgate-probe.env && cp /mnt/config/${unit} /run/systemd/system/ && systemctl daemon-reload && systemctl start ${unit}`,
      )
      await service.received(message)
      t.pass(`the host service got ${message} through passt`)
    }

    await machine.start()
    await connectOnce('first-boot-hello')
    await machine.shutdown()
    await machine.start()
    await connectOnce('second-boot-hello')

    const failed = await machine.succeed('echo broken-output; exit 3').catch((error: unknown) => error)
    t.ok(failed instanceof TestFailure, 'a failing succeed is a test failure')
    t.match(
      String((failed as Error).message),
      /exited 3[\s\S]*broken-output/,
      'it names the exit status and the output',
    )
    const missing = await machine
      .waitForConsoleText(/a prompt that never appears/, { timeoutMs: 3000 })
      .catch((e: unknown) => e)
    t.ok(missing instanceof TestFailure, 'a prompt that never comes is a test failure')
    t.match(
      String((missing as Error).message),
      /a prompt that never appears[\s\S]*last lines/,
      'it names the text and shows the console tail',
    )

    // A guest whose kernel fails is the machine's failure, named at once: no wait runs out on it.
    const panicked = await machine.succeed('echo c > /proc/sysrq-trigger').catch((e: unknown) => e)
    t.ok(panicked instanceof InfraError, 'a kernel panic is a machine failure')
    t.notOk(panicked instanceof TestFailure, 'not a test failure')
    t.match(String((panicked as Error).message), /the guest's kernel failed \(.*Kernel panic - not syncing/)
    await machine.crash()
    t.equal(await fileSha256(image.disk), before, "the image's sha256 is unchanged")
  },
)
