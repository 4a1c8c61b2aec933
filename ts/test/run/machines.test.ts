// Machines from the CLI: bad combinations are usage errors naming the fix, a
// host without the hugepages asked for is an infrastructure error naming the
// command, and a NIC whose driver the kernel lacks fails with the driver named.
import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

t.test('bad machine combinations on vmgate run are usage errors (exit 2) naming the fix', async (t) => {
  const cases: [string[], RegExp][] = [
    [['--machine', 'microvm', '--iommu'], /vmgate run: x86_64 microvm has no vIOMMU; use machine 'q35'/],
    [
      ['--iommu', 'smmuv3'],
      /no x86_64 machine has vIOMMU 'smmuv3'; x86_64 machines carry: .*q35: .*vIOMMU 'intel-iommu'/,
    ],
    [['--machine', 'pc'], /unknown machine 'pc' for x86_64; known: microvm, q35/],
    [['--memory', 'lots'], /--memory takes MiB \(512\) or a size with a unit \(512M, 2G\), not 'lots'/],
    [['--cpus', '0'], /--cpus takes a whole number > 0/],
  ]
  for (const [flags, message] of cases) {
    const run = await vmgate(['run', ...flags, '--', 'true'])
    t.equal(run.exitCode, 2, `${flags.join(' ')}: ${run.all}`)
    t.match(run.stderr, message, flags.join(' '))
  }
})

t.test('e1000 on microvm in a scenario is refused before anything boots', async (t) => {
  const dir = await tempDir(t, 'vmgate-catalog-')
  const catalog = join(dir, 'catalog.mjs')
  const nics = { eth0: { model: 'e1000', addresses: ['10.0.0.1/24'] } }
  await writeFile(
    catalog,
    `export const scenarios = [{ name: 'bad', description: 'e1000 on microvm', tags: [], topology: { nodes: { a: { machine: 'microvm', command: ['true'], nics: ${JSON.stringify(nics)} } } } }]\n`,
  )
  const run = await vmgate(['scenario', 'run', 'bad', '--catalog', catalog])
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /node 'a': x86_64 microvm has no NIC model 'e1000'; use machine 'q35'/)
})

t.test('host hugepages the host does not have: an infrastructure error (exit 3) naming the fix', async (t) => {
  const run = await vmgate(['run', '--accel', 'tcg', '--host-hugepages', '--memory', '64G', '--', 'true'])
  t.equal(run.exitCode, 3, run.all)
  t.match(
    run.stderr,
    /host hugepages: node \(65536 MiB\) need 32768 pages of 2048 kB, the host has \d+ free of \d+; as root: echo \d+ > \/sys\/kernel\/mm\/hugepages\/hugepages-2048kB\/nr_hugepages/,
  )
})

t.test('a NIC whose driver is not in the kernel fails before ready, naming the driver', async (t) => {
  // The q35 kernel without e1000e: a definition of the test's own, next to copies of the project's.
  const kernels = await tempDir(t, 'vmgate-kernels-')
  await cp(join(import.meta.dirname, '../../../kernels'), kernels, { recursive: true })
  const q35 = JSON.parse(await readFile(join(kernels, 'q35.json'), 'utf8'))
  await writeFile(
    join(kernels, 'q35-no-e1000e.json'),
    JSON.stringify({
      ...q35,
      description: 'q35 without e1000e',
      fragments: q35.fragments.filter((f: string) => f !== 'e1000e'),
    }),
  )
  const catalog = join(kernels, 'catalog.mjs')
  const nics = { eth0: { model: 'e1000e', addresses: ['10.0.0.1/24'] } }
  await writeFile(
    catalog,
    `export const scenarios = [{ name: 'no-driver', description: 'e1000e on a kernel without it', tags: [], topology: { kernel: 'q35-no-e1000e', nodes: { a: { command: ['true'], nics: ${JSON.stringify(nics)} } } } }]\n`,
  )
  const run = await vmgate(['scenario', 'run', 'no-driver', '--catalog', catalog, '--accel', 'tcg'], {
    VMGATE_KERNELS: kernels,
  })
  t.equal(run.exitCode, 1, run.all)
  t.match(
    run.all,
    /no NIC with MAC [0-9a-f:]{17}: its driver e1000e is not in this kernel; add that driver's fragment to the kernel definition/,
  )
  t.match(run.all, /a: expected pass, got fail/, 'a failure before ready, not a ready-phase timeout')
})
