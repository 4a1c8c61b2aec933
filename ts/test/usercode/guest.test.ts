// User code in real guests: a host-built dynamic binary, shares both ways, and
// host programs over --host-root running with our kernel.
import { execa } from 'execa'
import { readFileSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { tool } from '../../src/toolchain/resolve.js'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

t.test('--add: a dynamically linked host binary runs in the guest, from /root', async (t) => {
  const dir = await tempDir(t, 'vmgate-add-')
  await writeFile(
    join(dir, 'hello.c'),
    '#include <stdio.h>\nint main(void) { puts("hello, dynamically linked"); return 0; }\n',
  )
  await execa(tool('cc-x86_64'), ['-O2', '-o', join(dir, 'hello'), join(dir, 'hello.c')])
  t.match((await execa('ldd', [join(dir, 'hello')])).stdout, /libc\.so/, 'dynamically linked')
  const run = await vmgate(['run', '--accel', 'tcg', '--add', './hello', '--', './hello'], {}, dir)
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, /^hello, dynamically linked$/m)
})

t.test('--share: read-only by default, :rw writes through to the host', async (t) => {
  const dir = await tempDir(t, 'vmgate-share-')
  await mkdir(join(dir, 'in'))
  await mkdir(join(dir, 'out'))
  await writeFile(join(dir, 'in/data.txt'), 'from the host\n')
  const script =
    'cat /mnt/in/data.txt; if touch /mnt/in/x 2>/dev/null; then echo WRITABLE; fi; echo from the guest > /mnt/out/result.txt'
  const run = await vmgate(
    ['run', '--accel', 'tcg', '--share', 'in:/mnt/in', '--share', 'out:/mnt/out:rw', '--', 'sh', '-c', script],
    {},
    dir,
  )
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, /^from the host$/m)
  t.notMatch(run.stdout, /WRITABLE/, 'a read-only share refuses writes')
  t.equal(await readFile(join(dir, 'out/result.txt'), 'utf8'), 'from the guest\n')
})

t.test("--host-root: the host's python3 runs with our kernel", async (t) => {
  const built = await vmgate(['build', '--only', 'kernel', '--json'])
  t.equal(built.exitCode, 0, built.all)
  const release = readFileSync(join(JSON.parse(built.stdout).buildTree, 'include/config/kernel.release'), 'utf8').trim()
  const run = await vmgate([
    'run',
    '--accel',
    'tcg',
    '--host-root',
    '--',
    '/usr/bin/python3',
    '-c',
    'import os; print(os.uname().release)',
  ])
  t.equal(run.exitCode, 0, run.all)
  t.equal(run.stdout.trim().split('\n').at(-1), release)
  const version = await vmgate([
    'run',
    '--accel',
    'tcg',
    '--host-root',
    '--',
    'sh',
    '-c',
    'cat /proc/1/comm /proc/version; touch /usr/.vmgate-overlay-test && echo overlay-writable',
  ])
  t.equal(version.exitCode, 0, version.all)
  t.match(version.stdout, /^vmgate-init$/m)
  t.match(version.stdout, /\(vmgate@vmgate\)/)
  t.match(version.stdout, /^overlay-writable$/m)
})
