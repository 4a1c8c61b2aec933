import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { checkHostHugepages, hugepageShortfall, pagesFor } from '../../src/vm/hugepages.js'
import { tempDir } from '../helpers/temp.js'

t.test('guest RAM in whole hugepages; a part page is a usage error', async (t) => {
  t.equal(pagesFor({ node: 'a', memoryMb: 256 }, 2048), 128)
  t.throws(() => pagesFor({ node: 'a', memoryMb: 255 }, 2048), {
    name: 'UsageError',
    message: /a: memory 255 MiB backed by host hugepages must be a multiple of 2 MiB/,
  })
})

t.test('a short pool names who needs what, and the command that makes room', async (t) => {
  const pool = { pageKb: 2048, total: 100, free: 60 }
  t.match(
    hugepageShortfall(pool, [
      { node: 'a', memoryMb: 64 },
      { node: 'b', memoryMb: 64 },
    ]),
    /a \(64 MiB\), b \(64 MiB\) need 64 pages/,
    'demands add up',
  )
  t.equal(
    hugepageShortfall(pool, [{ node: 'a', memoryMb: 256 }]),
    'host hugepages: a (256 MiB) need 128 pages of 2048 kB, the host has 60 free of 100; as root: echo 168 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages',
  )
  t.equal(hugepageShortfall(pool, [{ node: 'a', memoryMb: 120 }]), undefined, '60 pages fit')
})

t.test('the check reads the pool from sysfs and throws an infrastructure error', async (t) => {
  const root = await tempDir(t, 'vmgate-hugepages-')
  await mkdir(join(root, 'hugepages-2048kB'))
  await writeFile(join(root, 'hugepages-2048kB', 'nr_hugepages'), '0\n')
  await writeFile(join(root, 'hugepages-2048kB', 'free_hugepages'), '0\n')
  await t.rejects(checkHostHugepages([{ node: 'a', memoryMb: 256 }], 2048, root), {
    name: 'InfraError',
    message: /need 128 pages.*echo 128 >/,
  })
  await t.rejects(checkHostHugepages([{ node: 'a', memoryMb: 256 }], 1048576, root), {
    name: 'InfraError',
    message: /no 1048576 kB pages/,
  })
  await t.resolves(checkHostHugepages([], 2048, root), 'nothing asked, nothing read')
})
