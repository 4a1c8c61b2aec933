// Ctrl-C in the middle of a boot leaves no qemu, no temp dir and no socket.
import { execa } from 'execa'
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { CLI } from '../helpers/cli.js'

async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = []
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes(text)) found.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`)
  }
  return found
}

async function qemuStarted(dir: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if ((await processesMentioning(`${dir}/vmgate-node-`)).some((p) => p.includes('qemu-system'))) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('qemu did not start within 60s')
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`${signal} during boot tears everything down and exits 130`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'vmgate-interrupt-'))
    t.teardown(() => rm(dir, { recursive: true, force: true }))
    const child = execa('node', [CLI, 'run', '--accel', 'tcg', '--', 'sleep', '30'], { env: { TMPDIR: dir }, reject: false, all: true })
    const ended = child.then(() => 'ended' as const)
    t.equal(await Promise.race([qemuStarted(dir).then(() => 'qemu up' as const), ended]), 'qemu up', 'qemu started before the signal')
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
