import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { findConfig, lineOf, loadTargets } from '../../src/targets/file.js'
import { selectTargets } from '../../src/targets/scenario.js'
import { tempDir } from '../helpers/temp.js'

async function project(t: Test, toml: string): Promise<string> {
  const dir = await tempDir(t, 'vmgate-targets-')
  await writeFile(join(dir, 'vmgate.toml'), toml)
  return dir
}

t.test('found from the working directory upward, or a clear error', async (t) => {
  const dir = await project(t, '[target.a]\ncommand = "true"\n')
  await mkdir(join(dir, 'src/deep'), { recursive: true })
  t.equal(findConfig(undefined, join(dir, 'src/deep')), join(dir, 'vmgate.toml'))
  t.throws(() => findConfig('nope.toml', dir), { name: 'UsageError', message: /--config nope.toml: no such file/ })
  t.throws(() => findConfig(undefined, '/proc/self'), { name: 'UsageError', message: /no vmgate.toml in/ })
})

t.test('defaults fill in; paths resolve against the file, not the working directory', async (t) => {
  const dir = await project(t, '[target.a]\ncommand = "./t"\nfiles = ["t"]\ncpus = 2\n')
  await writeFile(join(dir, 't'), '')
  const config = loadTargets(join(dir, 'vmgate.toml'))
  t.match(config.targets.a, { root: 'testroot', timeout: 60, cpus: 2, memory: 256 })
  t.equal(config.targets.a.kernel, undefined, "no kernel: the machine's (microvm's, on x86_64)")
  const [scenario] = selectTargets([], config)
  const node = scenario.topology.nodes.a
  t.same(node.command, ['sh', '-c', './t'])
  t.same(node.code?.adds, [{ host: join(dir, 't'), guest: '/root/t' }])
  t.throws(() => selectTargets(['b'], config), { message: /unknown target\(s\): b; .* has a/ })
})

t.test('an unknown key is a usage error naming the key and its line', async (t) => {
  const dir = await project(t, '[target.a]\ncommand = "true"\n\n[target.b]\ncommand = "true"\ncpu = 2\n')
  t.throws(() => loadTargets(join(dir, 'vmgate.toml')), {
    name: 'UsageError',
    message: /vmgate.toml:6: target.b.cpu: unknown key 'cpu'; known: .*cpus/,
  })
})

t.test('a bad value names the key and its line; a TOML syntax error its line and column', async (t) => {
  const bad = await project(t, '[target.a]\ncommand = "true"\ntimeout = "soon"\n')
  t.throws(() => loadTargets(join(bad, 'vmgate.toml')), { message: /vmgate.toml:3: target.a.timeout: .*number/ })
  const broken = await project(t, '[target.a]\ncommand = \n')
  t.throws(() => loadTargets(join(broken, 'vmgate.toml')), { message: /vmgate.toml:2:\d+: / })
  const name = await project(t, '[target.Bad_Name]\ncommand = "true"\n')
  t.throws(() => loadTargets(join(name, 'vmgate.toml')), { message: /target.Bad_Name/ })
})

t.test('a missing file in a target names the target and key', async (t) => {
  const dir = await project(t, '[target.a]\ncommand = "true"\nfiles = ["gone"]\n')
  t.throws(() => selectTargets([], loadTargets(join(dir, 'vmgate.toml'))), {
    name: 'UsageError',
    message: /target.a.files gone: no such file/,
  })
})

t.test('a target picks its arch and machine; the kernel follows from them', async (t) => {
  const dir = await project(t, '[target.a]\ncommand = "true"\narch = "aarch64"\nmachine = "virt-pci"\n')
  const [scenario] = selectTargets([], loadTargets(join(dir, 'vmgate.toml')))
  t.equal(scenario.topology.arch, 'aarch64')
  t.equal(scenario.topology.nodes.a.machine, 'virt-pci')
  t.equal(scenario.topology.kernel, undefined)
})

t.test('a bad arch names its line; a machine the arch lacks names the file, target and key', async (t) => {
  const arch = await project(t, '[target.a]\ncommand = "true"\narch = "riscv64"\n')
  t.throws(() => loadTargets(join(arch, 'vmgate.toml')), {
    name: 'UsageError',
    message: /vmgate.toml:3: target.a.arch: .*x86_64.*aarch64/,
  })
  const machine = await project(t, '[target.a]\ncommand = "true"\nmachine = "virt"\n')
  t.throws(() => selectTargets([], loadTargets(join(machine, 'vmgate.toml'))), {
    name: 'UsageError',
    message: /vmgate.toml: target.a.machine: unknown machine 'virt' for x86_64; known: microvm, q35/,
  })
})

t.test('lineOf finds a key inside its table, or the header', async (t) => {
  const text = '[target.a]\nx = 1\n[target."b"]\n  y = 2\n'
  t.equal(lineOf(text, ['target', 'b', 'y']), 4)
  t.equal(lineOf(text, ['target', 'b', 'x']), 3)
  t.equal(lineOf(text, ['target', 'c']), 1)
})

t.test('a target declares NICs as a scenario node does; a model its machine lacks names the file', async (t) => {
  const dir = await project(
    t,
    '[target.a]\ncommand = "true"\n[target.a.nics]\neth0 = ["10.0.0.2/24"]\neth1 = { addresses = ["fd00::2/64"], model = "e1000" }\n',
  )
  const [scenario] = selectTargets([], loadTargets(join(dir, 'vmgate.toml')))
  t.same(scenario.topology.nodes.a.nics, {
    eth0: { addresses: ['10.0.0.2/24'], model: 'virtio' },
    eth1: { addresses: ['fd00::2/64'], model: 'e1000' },
  })
  const microvm = await project(
    t,
    '[target.a]\ncommand = "true"\nmachine = "microvm"\nnics = { eth0 = { model = "e1000" } }\n',
  )
  t.throws(() => selectTargets([], loadTargets(join(microvm, 'vmgate.toml'))), {
    name: 'UsageError',
    message: /vmgate.toml: target.a.machine: x86_64 microvm has no NIC model 'e1000'; use machine 'q35'/,
  })
  const model = await project(t, '[target.a]\ncommand = "true"\nnics = { eth0 = { model = "rtl8139" } }\n')
  t.throws(() => loadTargets(join(model, 'vmgate.toml')), { message: /vmgate.toml:3: target.a.nics.eth0.model: / })
})
