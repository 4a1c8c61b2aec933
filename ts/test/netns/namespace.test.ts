import { execa } from 'execa'
import { join } from 'node:path'
import t from 'tap'
import { NetNamespace } from '../../src/netns/namespace.js'
import { startPasst } from '../../src/netns/passt.js'
import { runTool } from '../../src/proc.js'
import { tool } from '../../src/toolchain/resolve.js'
import { poll } from '../../src/wait.js'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const gone = (pids: number[]) =>
  poll({ phase: 'namespace processes end', timeoutMs: 10_000, everyMs: 50 }, () =>
    pids.some(alive) ? { done: false, state: `alive: ${pids.filter(alive).join(' ')}` } : { done: true, value: true },
  )

t.test('the namespace has the service address, the host does not; dispose ends it', async (t) => {
  const ns = await NetNamespace.create()
  t.equal(ns.mode, process.getuid?.() === 0 ? 'root' : 'user')
  const inside = await runTool('nsenter', ['-t', String(ns.pid), '-n', tool('iproute2-ip'), '-4', 'addr'], {
    what: 'ip addr in the namespace',
  })
  t.match(inside.stdout, /inet 192\.0\.2\.10\/32/, 'the service address is inside')
  const outside = await runTool(tool('iproute2-ip'), ['-4', 'addr'], { what: 'ip addr on the host' })
  t.notMatch(outside.stdout, /192\.0\.2\.10/, "the host's networking is untouched")
  const passt = await startPasst(ns, 'test')
  const pids = [ns.pid!, passt.process.pid!]
  await passt.dispose()
  await ns.dispose()
  t.ok(await gone(pids), 'passt and the holder are gone')
})

t.test('Ctrl-C on the owner takes the namespace and passt with it', async (t) => {
  const child = execa(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'hold.ts')], {
    reject: false,
  })
  const first = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(String(d))))
  const { holder, passt } = JSON.parse(first) as { holder: number; passt: number }
  t.ok(alive(holder) && alive(passt), 'both run while their owner does')
  child.kill('SIGINT')
  t.equal((await child).exitCode, 130)
  t.ok(await gone([holder, passt]), 'neither outlives it')
})
