import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { binfmtStatus } from '../../src/toolchain/binfmt.js'

/** A binfmt_misc directory as the kernel shows it, with `entries` by name. */
function binfmtDir(entries: Record<string, string>, mounted = true): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'vmgate-binfmt-')), 'binfmt_misc')
  mkdirSync(dir)
  if (mounted) writeFileSync(join(dir, 'status'), 'enabled\n')
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text)
  return dir
}

const entry = (state: string, flags: string) =>
  `${state}\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: ${flags}\noffset 0\n`

t.test("the host's own arch needs no entry", async (t) => {
  t.match(binfmtStatus('x86_64', 'x86_64', binfmtDir({}, false)), { ok: true, detail: 'native' })
})

t.test('an enabled entry with the F flag runs the arch', async (t) => {
  const status = binfmtStatus('aarch64', 'x86_64', binfmtDir({ 'qemu-aarch64': entry('enabled', 'PF') }))
  t.match(status, { ok: true, detail: /aarch64-binfmt-P/ })
})

t.test('each way it is missing says why, with the fix', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['unmounted', binfmtDir({}, false), /binfmt_misc not mounted/],
    ['no entry', binfmtDir({}), /no qemu-aarch64 entry/],
    ['disabled', binfmtDir({ 'qemu-aarch64': entry('disabled', 'PF') }), /qemu-aarch64 is disabled/],
    ['no F', binfmtDir({ 'qemu-aarch64': entry('enabled', 'P') }), /lacks the F flag/],
  ]
  for (const [what, dir, detail] of cases) {
    const status = binfmtStatus('aarch64', 'x86_64', dir)
    t.equal(status.ok, false, what)
    t.match(status.detail, detail, what)
    t.match(status.fix, /update-binfmts --enable qemu-aarch64/, what)
  }
})
