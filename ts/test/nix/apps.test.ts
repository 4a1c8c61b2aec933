// The apps and builds as nix/ renders them (evaluated against the nixpkgs
// stub), run with bash and a fake vmgate that prints what it was given: the
// command line, the exported contract, a caller's override, the missing-host
// message.
import { execa } from 'execa'
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { evalJson } from '../../src/nix/instantiate.js'
import { STUB_EVAL, type StubEval } from '../../src/nix/lint.js'
import { projectRoot } from '../../src/paths.js'
import { tool } from '../../src/toolchain/resolve.js'
import { tempDir } from '../helpers/temp.js'

const rendered = (await evalJson(tool('nix-instantiate'), projectRoot(), STUB_EVAL, { cpu: 'x86_64' })) as StubEval

/** The app's script (the stub's out path is its text), run as writeShellApplication runs it. */
async function runApp(t: Test, name: string, args: string[], env: Record<string, string> = {}) {
  const bin = await tempDir(t, 'vmgate-fake-cli-')
  await writeFile(join(bin, 'vmgate'), '#!/bin/sh\necho "argv: $*"\necho "qemu: $VMGATE_QEMU_X86_64"\n')
  await chmod(join(bin, 'vmgate'), 0o755)
  const text = rendered.apps[name].replace(new RegExp(`/bin/vmgate-${name}$`), '')
  const script = `set -o errexit -o nounset -o pipefail\n${text}`
  return execa('bash', ['-c', script, name, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { PATH: `${bin}:${process.env.PATH}`, ...env },
    extendEnv: false,
  })
}

t.test('an app exports the contract and runs its command line, passing extra arguments on', async (t) => {
  const run = await runApp(t, 'smoke', ['--verbose'])
  t.equal(run.exitCode, 0, run.stderr)
  t.match(run.stdout, /^argv: scenario run --tag relay --tag smoke --verbose$/m)
  t.match(run.stdout, /^qemu: \/nix\/store\/\S+\/bin\/qemu-system-x86_64$/m)
})

t.test('a variable the caller set wins over the store path', async (t) => {
  const run = await runApp(t, 'doctor', [], { VMGATE_QEMU_X86_64: '/opt/qemu' })
  t.match(run.stdout, /^qemu: \/opt\/qemu$/m)
})

t.test('integration-test-freebsd needs VMGATE_FREEBSD_HOST and says so', async (t) => {
  const unset = await runApp(t, 'integration-test-freebsd', [])
  t.equal(unset.exitCode, 2)
  t.match(
    unset.stderr,
    /^integration-test-freebsd: set VMGATE_FREEBSD_HOST to the ssh destination of a FreeBSD machine/,
  )
  t.equal(unset.stdout, '', 'the CLI never ran')
  const set = await runApp(t, 'integration-test-freebsd', [], { VMGATE_FREEBSD_HOST: 'ci@freebsd-14' })
  t.match(set.stdout, /^argv: kmod --host ci@freebsd-14 compile-only$/m)
})

t.test('a remote host app: INTEGRATION_TARGET picks the target, arguments after -- pass through', async (t) => {
  const run = await runApp(t, 'remote-debian', ['--category', 'pairwise'], { INTEGRATION_TARGET: 'live_smoke' })
  t.equal(run.exitCode, 0, run.stderr)
  t.match(run.stdout, /^argv: kmod --host root@debian-12 --remote-dir .vmgate-kmod live_smoke --category pairwise$/m)
  const defaults = await runApp(t, 'remote-freebsd', [])
  t.match(defaults.stdout, /^argv: kmod --host ci@freebsd-14 --remote-dir .vmgate-kmod integration$/m)
})

t.test('VMGATE_REMOTE_HOST and VMGATE_REMOTE_DIR override the table', async (t) => {
  const run = await runApp(t, 'remote-debian', [], {
    VMGATE_REMOTE_HOST: 'root@127.0.0.1:2201',
    VMGATE_REMOTE_DIR: '/srv/k',
  })
  t.match(run.stdout, /^argv: kmod --host root@127.0.0.1:2201 --remote-dir \/srv\/k integration$/m)
})

t.test('remote-all runs on every host of the table at once', async (t) => {
  const run = await runApp(t, 'remote-all', ['--category', 'port'], { INTEGRATION_TARGET: 'live_integration' })
  t.match(
    run.stdout,
    /^argv: kmod --host root@debian-12 --host ci@freebsd-14 --remote-dir .vmgate-kmod live_integration --category port$/m,
  )
})

t.test('every kernels/*.json and roots/*.json becomes a package built by vmgate build', async (t) => {
  t.match(
    rendered.packages['kernel-microvm'].run,
    /^vmgate 'build' '--kernel' 'microvm' '--only' 'kernel' '--out' "\$out"$/m,
  )
  t.match(
    rendered.packages.kmodroot.run,
    /^vmgate 'build' '--kernel' 'microvm-kmod' '--root' 'kmodroot' '--only' 'root' '--out' "\$out"$/m,
  )
  t.match(rendered.checks['vm-smoke'], /^vmgate 'run' '--' 'true'$/m)
})
