import t from 'tap'
import { hostFileEntries, parseLdd } from '../../src/initramfs/host-files.js'

t.test('ldd output gives each library path and the loader, once, sorted', async (t) => {
  const output = `\tlinux-vdso.so.1 (0x00007ffd)\n\tlibmnl.so.0 => /lib/x86_64-linux-gnu/libmnl.so.0 (0x00007f1)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2)\n\t/lib64/ld-linux-x86-64.so.2 (0x00007f3)\n`
  t.same(parseLdd(output), [
    '/lib/x86_64-linux-gnu/libc.so.6',
    '/lib/x86_64-linux-gnu/libmnl.so.0',
    '/lib64/ld-linux-x86-64.so.2',
  ])
})

t.test('a binary comes with its libraries; a missing one is named', async (t) => {
  const entries = await hostFileEntries({ '/usr/sbin/tc': '/usr/sbin/tc' }, [])
  const paths = entries.map((e) => e.path)
  t.ok(paths.includes('/usr/sbin/tc'))
  t.ok(
    paths.some((p) => /libc\.so\.6$/.test(p)),
    'libc',
  )
  t.ok(
    paths.some((p) => /ld-linux/.test(p)),
    'the loader',
  )
  await t.rejects(hostFileEntries({}, ['/no/such/file.dist']), {
    name: 'InfraError',
    message: /\/no\/such\/file\.dist: not found on the host/,
  })
})
