import t from 'tap'
import { toolUsers } from '../../src/project/tool-users.js'
import { neededFor } from '../../src/toolchain/doctor.js'
import { guestToolName, toolSpec, TOOLS } from '../../src/toolchain/tools.js'

t.test("a guest of the host's arch gets the host's tool; another arch its NAME-ARCH build", async (t) => {
  t.equal(guestToolName('wg', 'x86_64', 'x86_64'), 'wg')
  t.equal(guestToolName('iproute2-ip', 'aarch64', 'x86_64'), 'iproute2-ip-aarch64')
})

t.test('a host tool with no build for the arch is a usage error naming the entry to add', async (t) => {
  t.throws(() => guestToolName('tc', 'aarch64', 'x86_64'), {
    name: 'UsageError',
    message: /^host tool tc has no aarch64 build: add a 'tc-aarch64' entry/,
  })
})

t.test('a components tool is named by a declaration, and doctor says which', async (t) => {
  const users = toolUsers()
  const unnamed = TOOLS.filter((spec) => spec.neededFor === 'components' && !users.has(spec.name)).map((s) => s.name)
  t.same(unnamed, [], 'every components entry is some component or root hostTools, testTools or staticLibs')
  t.equal(neededFor(toolSpec('clang'), users), 'kmod,relay,relay-broken')
  t.equal(neededFor(toolSpec('make'), users), 'kernel')
})
