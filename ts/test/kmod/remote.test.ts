// `vmgate kmod --host`: the sources go over rsync and each target runs over
// ssh. The transport here is a stand-in for ssh that runs the remote command
// locally in a scratch "home" (there is no second machine in CI); rsync, the
// remote make and the result parsing are the real ones.
import { chmod, readFile, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

/** `os`: what the stand-in host's `uname -s` says (a FreeBSD box, say). */
async function fakeSsh(t: Test, home: string, exitWith?: number, os?: string): Promise<string> {
  const dir = await tempDir(t, 'vmgate-ssh-')
  const script = join(dir, 'ssh')
  if (os) {
    await writeFile(join(dir, 'uname'), `#!/bin/sh\n[ "$1" = -s ] && echo ${os} || /bin/uname "$@"\n`)
    await chmod(join(dir, 'uname'), 0o755)
  }
  // Skips ssh's options (rsync passes the user as -l) and the destination, then
  // runs what is left where the remote home would be.
  await writeFile(
    script,
    `#!/bin/sh
${exitWith === undefined ? '' : `echo "ssh: connect to host: Connection refused" >&2; exit ${exitWith}`}
while [ "$1" = -o ] || [ "$1" = -l ] || [ "$1" = -p ] || [ "$1" = -F ]; do shift 2; done
echo "$1" >> ${join(dir, 'destinations')}
shift
${os ? `export PATH=${dir}:$PATH` : ''}
cd ${home} && exec sh -c "$*"
`,
  )
  await chmod(script, 0o755)
  return script
}

t.test('--host syncs pkgs/kmod and runs the parser targets there, parsing their summary lines', async (t) => {
  const home = await tempDir(t, 'vmgate-home-')
  const results = await tempDir(t, 'vmgate-kmod-')
  const ssh = await fakeSsh(t, home)
  const run = await vmgate(['kmod', '--host', 'tester@far-away', 'unit', '--results', results], { VMGATE_SSH: ssh })
  t.equal(run.exitCode, 0, run.all)
  t.ok(existsSync(join(home, '.vmgate-kmod/filter/filter.c')), 'sources arrived in ~/.vmgate-kmod')
  t.notOk(existsSync(join(home, '.vmgate-kmod/build/module')), 'local build output is not synced')
  const summary = JSON.parse(await readFile(join(results, 'kmod-latest', 'summary.json'), 'utf8'))
  t.match(summary, { status: 'pass', targets: [{ target: 'unit', where: 'tester@far-away', status: 'pass' }] })
  t.ok(summary.targets[0].passed > 100)
  t.match(await readFile(join(ssh, '..', 'destinations'), 'utf8'), /far-away/)
})

t.test('an unreachable host is an infrastructure error that names it', async (t) => {
  const ssh = await fakeSsh(t, await tempDir(t, 'vmgate-home-'), 255)
  const results = await tempDir(t, 'vmgate-kmod-')
  const run = await vmgate(['kmod', '--host', 'nobody@nowhere', 'unit', 'asan', '--results', results], {
    VMGATE_SSH: ssh,
  })
  t.equal(run.exitCode, 3, run.all)
  t.match(
    run.stdout,
    /\[nobody@nowhere\] ✗ unit, asan: error: ssh to nobody@nowhere failed \(exit 255\): ssh: connect to host: Connection refused/,
  )
  const summary = JSON.parse(await readFile(join(results, 'kmod-latest', 'summary.json'), 'utf8'))
  t.match(summary, {
    status: 'fail',
    targets: [
      { target: 'unit', status: 'error', problems: [/ssh to nobody@nowhere failed/] },
      { target: 'asan', status: 'error' },
    ],
  })
})

t.test('a FreeBSD host runs compile-only without the module and refuses module targets by name', async (t) => {
  const home = await tempDir(t, 'vmgate-home-')
  const results = await tempDir(t, 'vmgate-kmod-')
  const ssh = await fakeSsh(t, home, undefined, 'FreeBSD')
  const run = await vmgate(['kmod', '--host', 'bsd', 'kmod', 'live_all', 'live_smoke', '--results', results], {
    VMGATE_SSH: ssh,
  })
  t.equal(run.exitCode, 3, run.all)
  const summary = JSON.parse(await readFile(join(results, 'kmod-latest', 'summary.json'), 'utf8'))
  t.match(summary.targets, [
    {
      target: 'kmod',
      where: 'bsd',
      status: 'error',
      problems: [/kmod builds and loads tcpstats.ko, a Linux module; this host runs FreeBSD/],
    },
    { target: 'live_smoke', status: 'error', problems: [/live_smoke .* this host runs FreeBSD/] },
  ])
  t.equal(summary.targets.length, 2, 'live_all, a group, keeps nothing on FreeBSD')
})
