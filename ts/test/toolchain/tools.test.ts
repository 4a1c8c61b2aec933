import t from 'tap'
import { guestToolName } from '../../src/toolchain/tools.js'

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
