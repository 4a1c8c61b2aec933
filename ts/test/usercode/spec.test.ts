import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import {
  checkUserCode,
  NO_USER_CODE,
  parseAdd,
  parseKernelImage,
  parseModule,
  parseShare,
} from '../../src/usercode/spec.js'
import { tempDir } from '../helpers/temp.js'

t.test('--add: an absolute path keeps its path, a relative one goes to /root/NAME, GUEST wins', async (t) => {
  const dir = await tempDir(t, 'vmgate-add-')
  await mkdir(join(dir, 'bin'))
  await writeFile(join(dir, 'bin/t'), '')
  t.same(parseAdd(join(dir, 'bin/t'), '/'), { host: join(dir, 'bin/t'), guest: join(dir, 'bin/t') })
  t.same(parseAdd('bin/t', dir), { host: join(dir, 'bin/t'), guest: '/root/t' })
  t.same(parseAdd('bin/:/opt/b', dir), { host: join(dir, 'bin'), guest: '/opt/b' })
})

t.test('a missing host path is a usage error naming it', async (t) => {
  const dir = await tempDir(t, 'vmgate-add-')
  t.throws(() => parseAdd('nope', dir), {
    name: 'UsageError',
    message: /--add nope: no such file or directory on the host/,
  })
  t.throws(() => parseShare('nope:/mnt', dir), { name: 'UsageError', message: /--share nope: no such file/ })
  t.throws(() => parseModule('nope.ko', dir), { name: 'UsageError', message: /--module nope.ko: no such file/ })
})

t.test('bad guest paths and shapes are usage errors quoting the value', async (t) => {
  const dir = await tempDir(t, 'vmgate-add-')
  await writeFile(join(dir, 'f'), '')
  t.throws(() => parseAdd('f:rel/path', dir), { message: /guest path 'rel\/path' must be absolute/ })
  t.throws(() => parseAdd('f:/a b', dir), { message: /space or a comma/ })
  t.throws(() => parseAdd('/', dir), { message: /--host-root/ })
  t.throws(() => parseShare('f', dir), { message: /is not a directory/ })
  t.throws(() => parseModule('f', dir), { message: /a kernel module is a .ko file/ })
})

t.test('--share is read-only unless :rw', async (t) => {
  const dir = await tempDir(t, 'vmgate-share-')
  t.same(parseShare(`${dir}:/mnt/x`, '/'), { host: dir, guest: '/mnt/x', rw: false })
  t.same(parseShare(`${dir}:/mnt/x:rw`, '/'), { host: dir, guest: '/mnt/x', rw: true })
  t.same(parseShare(`${dir}:rw`, '/'), { host: dir, guest: dir, rw: true })
})

t.test('--kernel-image takes the .config beside it or --kernel-config', async (t) => {
  const dir = await tempDir(t, 'vmgate-image-')
  await writeFile(join(dir, 'bzImage'), '')
  t.throws(() => parseKernelImage('bzImage', undefined, dir), { message: /no .config beside it/ })
  await writeFile(join(dir, '.config'), '')
  t.same(parseKernelImage('bzImage', undefined, dir), { image: join(dir, 'bzImage'), config: join(dir, '.config') })
})

t.test('the parts are checked together', async (t) => {
  const add = { host: '/bin/sh', guest: '/x' }
  t.throws(() => checkUserCode({ ...NO_USER_CODE, hostRoot: true, adds: [add] }), { message: /--add with --host-root/ })
  t.throws(() => checkUserCode({ ...NO_USER_CODE, adds: [add], shares: [{ host: '/tmp', guest: '/x', rw: false }] }), {
    message: /two host paths go to \/x/,
  })
  t.throws(() => checkUserCode({ ...NO_USER_CODE, modules: Array(9).fill('/a.ko') }), { message: /at most 8/ })
})
