import t from 'tap'
import { x86_64 } from '../../src/arch/x86_64.js'
import { userCodeGuestWords, userCodeQemuArgs } from '../../src/usercode/lower.js'
import { NO_USER_CODE } from '../../src/usercode/spec.js'

t.test('nothing brought, nothing added', async (t) => {
  t.same(userCodeQemuArgs(NO_USER_CODE, x86_64.machines[0]), [])
  t.same(userCodeGuestWords(NO_USER_CODE), [])
})

t.test("shares and the host's / become 9p exports, read-only unless rw, and init's words", async (t) => {
  const code = {
    ...NO_USER_CODE,
    hostRoot: true,
    shares: [{ host: '/srv/a,b', guest: '/mnt/a', rw: true }],
    modules: ['/x/m.ko'],
  }
  t.same(userCodeQemuArgs(code, x86_64.machines[0]), [
    '-fsdev',
    'local,id=vmgate-root,path=/,security_model=none,multidevs=remap,readonly=on',
    '-device',
    'virtio-9p-device,fsdev=vmgate-root,mount_tag=vmgate-root',
    '-fsdev',
    'local,id=vmgate-share0,path=/srv/a,,b,security_model=none,multidevs=remap',
    '-device',
    'virtio-9p-device,fsdev=vmgate-share0,mount_tag=vmgate-share0',
  ])
  t.same(userCodeGuestWords(code), [
    'vmgate.module=/lib/modules/vmgate/0-m.ko',
    'vmgate.hostroot=vmgate-root',
    'vmgate.share=vmgate-share0,/mnt/a,rw',
  ])
})

t.test('added files make the command run in /root', async (t) => {
  t.same(userCodeGuestWords({ ...NO_USER_CODE, adds: [{ host: '/h/t', guest: '/root/t' }] }), ['vmgate.cwd=/root'])
})
