import t from 'tap'
import { foreignLibraries, parseDynamic, parseInterpreter } from '../../src/initramfs/foreign-libs.js'

t.test("readelf -d gives the NEEDED sonames in order and the RUNPATH's dirs", async (t) => {
  const output = ` 0x0000000000000001 (NEEDED)             Shared library: [libbpf.so.1]
 0x0000000000000001 (NEEDED)             Shared library: [libc.so.6]
 0x000000000000001d (RUNPATH)            Library runpath: [/nix/store/a-libbpf/lib:/nix/store/b-glibc/lib]
 0x000000000000000c (INIT)               0x4000
`
  t.same(parseDynamic(output), {
    needed: ['libbpf.so.1', 'libc.so.6'],
    runpath: ['/nix/store/a-libbpf/lib', '/nix/store/b-glibc/lib'],
  })
  t.same(parseDynamic('There is no dynamic section in this file.\n'), { needed: [], runpath: [] })
})

t.test('readelf -l gives the loader a binary asks for, none for a static one', async (t) => {
  t.equal(
    parseInterpreter('  INTERP  0x000238 ...\n      [Requesting program interpreter: /lib/ld-linux-aarch64.so.1]\n'),
    '/lib/ld-linux-aarch64.so.1',
  )
  t.equal(parseInterpreter('Elf file type is EXEC\nThere are 6 program headers\n'), undefined)
})

// Any ELF is read the same way; the host's own wg and ip stand in for a foreign one.
const hostLibs = { host: '/lib/x86_64-linux-gnu', guest: '/guest/lib' }

t.test('each library lands under the guest dir it was found in, with the loader at its own path', async (t) => {
  const found = await foreignLibraries('/usr/sbin/ip', [{ host: '/no/such/dir', guest: '/x' }, hostLibs])
  t.equal(found.get('/lib64/ld-linux-x86-64.so.2'), '/lib64/ld-linux-x86-64.so.2', 'the loader')
  t.equal(found.get('/guest/lib/libc.so.6'), '/lib/x86_64-linux-gnu/libc.so.6', 'a direct one')
  // libbpf needs libz, which ip itself does not name.
  t.equal(found.get('/guest/lib/libz.so.1'), '/lib/x86_64-linux-gnu/libz.so.1', 'a library of a library')
  t.notOk(found.has('/guest/lib/ld-linux-x86-64.so.2'), "libc's own NEEDED loader is the one already there")
})

t.test('a library in none of the dirs is an infra error naming it and where it was looked for', async (t) => {
  await t.rejects(foreignLibraries('/usr/bin/wg', [{ host: '/no/such/dir', guest: '/x' }]), {
    name: 'InfraError',
    message:
      /^libc\.so\.6, needed by \/usr\/bin\/wg, is in none of \/no\/such\/dir; add its package to the tool's withPackages/,
  })
})

t.test('a static binary has no libraries, not even a loader', async (t) => {
  t.same([...(await foreignLibraries('/bin/busybox', []))], [])
})
