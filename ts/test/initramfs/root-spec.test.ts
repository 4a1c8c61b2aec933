import t from 'tap'
import { listRoots, loadRoot } from '../../src/initramfs/root-spec.js'

t.test('every shipped root loads, and names only tools the toolchain table knows', async (t) => {
  for (const name of listRoots()) t.match(loadRoot(name), { name, description: String })
  t.match(loadRoot('vmroot').hostTools, ['tc'])
})

t.test('an unknown root is a usage error', async (t) => {
  t.throws(() => loadRoot('nope'), { name: 'UsageError', message: /unknown root 'nope'/ })
})
