// Ctrl-C in the middle of a boot leaves no qemu, no temp dir and no socket.
import { execa } from 'execa'
import { readdir, readFile } from 'node:fs/promises'
import t from 'tap'
import { CLI } from '../helpers/cli.js'
import { processesMentioning, untilProcesses } from '../helpers/processes.js'
import { tempDir } from '../helpers/temp.js'

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} during boot tears everything down and exits 130`, async (t) => {
    const dir = await tempDir(t, 'vmgate-interrupt-')
    const child = execa(process.execPath, [CLI, 'run', '--accel', 'tcg', '--', 'sleep', '30'], {
      env: { TMPDIR: dir },
      reject: false,
      all: true,
    })
    const ended = child.then(() => 'ended' as const)
    const qemuUp = untilProcesses(`${dir}/vmgate-node-`, (found) => found.some((p) => p.includes('qemu-system'))).then(
      () => 'qemu up' as const,
    )
    t.equal(await Promise.race([qemuUp, ended]), 'qemu up', 'qemu started before the signal')
    child.kill(signal)
    const result = await child
    t.equal(result.exitCode, 130, result.all)
    t.match(result.stderr, new RegExp(`${signal}, tearing down`))
    t.same(await processesMentioning(dir), [], 'no process refers to the run any more')
    t.same(await readdir(dir), [], 'the temp dir is gone')
    const unixSockets = await readFile('/proc/net/unix', 'utf8')
    t.notMatch(unixSockets, dir, 'no socket is held')
  })
}

t.test('a SIGKILLed vmgate, which runs no teardown, still takes its qemu with it', async (t) => {
  const dir = await tempDir(t, 'vmgate-killed-')
  const child = execa(process.execPath, [CLI, 'run', '--accel', 'tcg', '--', 'sleep', '30'], {
    env: { TMPDIR: dir },
    reject: false,
  })
  await untilProcesses(`${dir}/vmgate-node-`, (found) => found.some((p) => p.includes('qemu-system')))
  child.kill('SIGKILL')
  await child
  const left = await untilProcesses(`${dir}/vmgate-node-`, (found) => found.length === 0, 5_000).catch(() => [
    'timed out',
  ])
  t.same(left, [], 'no qemu outlives vmgate')
})
