import { readFile } from 'node:fs/promises'
import t from 'tap'
import { appletNames, appletPaths, hostAppletList } from '../../src/initramfs/applets.js'
import { tool } from '../../src/toolchain/resolve.js'

const table = (names: string[]) => Buffer.from(['junk', 'zzz', '', ...names, '', 'Zebra', 'abc'].join('\0'))

t.test('the names are the longest ascending run between NULs', async (t) => {
  const names = ['[', '[[', ...Array.from({ length: 30 }, (_, i) => `app${String(i).padStart(2, '0')}`)]
  t.same(appletNames(table(names)), names)
})

t.test('a binary without a table is refused, naming what was found', async (t) => {
  t.throws(() => appletNames(table(['ash', 'cat', 'ls'])), /no applet table found .*3 names/)
})

t.test('each applet goes where the host busybox puts it; one it lacks goes to bin/', async (t) => {
  t.same(appletPaths(['ip', 'linuxrc', 'ls', 'newone'], ['sbin/ip', 'bin/ls', 'linuxrc']), [
    'sbin/ip',
    'bin/ls',
    'bin/newone',
  ])
})

t.test("read from the host's own busybox binary, the paths are its --list-full", async (t) => {
  const busybox = tool('busybox-x86_64')
  const host = await hostAppletList(busybox)
  t.ok(host.length > 100)
  t.same(
    appletPaths(appletNames(await readFile(busybox)), host),
    host.filter((line) => line !== 'linuxrc'),
  )
})
