// A console notices a kernel panic or oops in what the guest wrote, however
// the bytes were split, and only on a kernel console.
import { once } from 'node:events'
import { connect } from 'node:net'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { Console } from '../../src/driver/console.js'
import { tempDir } from '../helpers/temp.js'

async function consoleFed(t: Test, kind: 'console' | 'output', chunks: string[]) {
  const dir = await tempDir(t, 'vmgate-console-')
  const console = new Console('m:ttyS1', join(dir, 'c.sock'), join(dir, 'c.log'), () => undefined, kind)
  await console.listen()
  t.teardown(() => console.close())
  const panics: string[] = []
  console.on('panic', (line) => panics.push(line))
  const guest = connect(console.path)
  await once(guest, 'connect')
  for (const chunk of chunks) guest.write(chunk)
  guest.end('[    9.000000] after\n')
  await console.waitForText(/after/, { phase: 'fed', timeoutMs: 10_000 })
  guest.destroy()
  return { console, panics }
}

t.test('an oops split across writes is seen once, with its line', async (t) => {
  const { console, panics } = await consoleFed(t, 'console', [
    '[    4.1] vty_init\n[    4.2] Oo',
    'ps: int3: 0000 [#1] PREEMPT SMP NOPTI\n',
    '[    4.3] Kernel panic - not syncing: Fatal exception in interrupt\n',
  ])
  t.same(panics, ['[    4.2] Oops: int3: 0000 [#1] PREEMPT SMP NOPTI'])
  t.equal(console.panicLine, panics[0])
})

t.test("init's own lines and a shell's output are not kernel failures", async (t) => {
  const init = await consoleFed(t, 'console', ['vmgate-init: run: grep "Oops: " /var/log\n'])
  t.equal(init.console.panicLine, undefined)
  const shell = await consoleFed(t, 'output', ['Kernel panic - not syncing: in a file the test printed\n'])
  t.same(shell.panics, [])
})
