import t from 'tap'
import { nodePlan, parseTopology, type TopologyInput } from '../../src/net/topology.js'
import { directLink } from '../../src/net/link.js'
import { macFor } from '../../src/net/mac.js'

const pair = (): TopologyInput => ({
  name: 'pair',
  nodes: {
    a: { command: ['true'], nics: { eth0: ['10.0.0.1/24'] } },
    b: { command: ['true'], nics: { eth0: ['10.0.0.2/24', 'fd00::2/64'] }, after: ['a'] },
  },
  links: [{ a: 'a.eth0', b: 'b.eth0' }],
})

t.test('a good topology parses with defaults filled in', async (t) => {
  const topology = parseTopology(pair())
  t.equal(topology.kernel, undefined, "no kernel named: each node's machine picks one")
  t.same(topology.nodes.a.after, [])
  t.equal(topology.nodes.b.timeoutS, 60)
})

t.test('bad topologies are refused before any guest boots, each problem named', async (t) => {
  const cases: [string, (topology: TopologyInput) => void, RegExp][] = [
    ['unknown node in a link', (x) => void (x.links![0].b = 'c.eth0'), /links\[0\]: unknown node 'c' in 'c\.eth0'/],
    ['unknown NIC in a link', (x) => void (x.links![0].b = 'b.eth9'), /node 'b' has no NIC 'eth9'/],
    ['a NIC linked twice', (x) => x.links!.push({ a: 'a.eth0', b: 'b.eth0' }), /'a\.eth0' is already linked/],
    [
      'a duplicate address',
      (x) => void (x.nodes.b.nics!.eth0 = ['10.0.0.1/24']),
      /b\.eth0: address 10\.0\.0\.1 is also on a\.eth0/,
    ],
    [
      'a bad prefix',
      (x) => void (x.nodes.a.nics!.eth0 = ['10.0.0.1/33']),
      /'10\.0\.0\.1\/33' is not an address\/prefix-length/,
    ],
    ['not an address', (x) => void (x.nodes.a.nics!.eth0 = ['ten.0.0.1/24']), /'ten\.0\.0\.1\/24' is not/],
    ['an unknown start dependency', (x) => void (x.nodes.a.after = ['zed']), /a\.after: unknown node 'zed'/],
    ['a start-order cycle', (x) => void (x.nodes.a.after = ['b']), /start order has a cycle: a → b → a/],
    ['an unknown field', (x) => void ((x.nodes.a as Record<string, unknown>).comand = ['x']), /comand/],
    [
      'two IPv4 addresses on a NIC',
      (x) => void (x.nodes.a.nics!.eth0 = ['10.0.0.1/24', '10.0.1.1/24']),
      /a\.eth0: more than one IPv4 address/,
    ],
    [
      'too many NICs',
      (x) => void (x.nodes.a.nics = { e0: [], e1: [], e2: [], e3: [], e4: [] }),
      /a: 5 NICs; a guest has at most 4/,
    ],
    ['no nodes', (x) => void ((x.nodes = {}), (x.links = [])), /a topology needs at least one node/],
    ['a negative timeout', (x) => void (x.nodes.a.timeoutS = -1), /timeoutS/],
    [
      'a negative delay',
      (x) => void Object.assign(x.links![0], { kind: 'emulated', impairment: { delayMs: -5 } }),
      /delay cannot be negative/,
    ],
    [
      'a loss above 100%',
      (x) => void Object.assign(x.links![0], { kind: 'emulated', impairment: { lossPct: 150 } }),
      /loss is a percentage, 0 to 100/,
    ],
    [
      'an impaired direct link',
      (x) => void Object.assign(x.links![0], { impairment: { lossPct: 1 } }),
      /a direct link cannot be impaired/,
    ],
    [
      'e1000 on microvm',
      (x) =>
        void Object.assign(x.nodes.a, {
          machine: 'microvm',
          nics: { eth0: { model: 'e1000', addresses: ['10.0.0.1/24'] } },
        }),
      /node 'a': x86_64 microvm has no NIC model 'e1000'; use machine 'q35'/,
    ],
    ['an unknown NIC model', (x) => void (x.nodes.a.nics!.eth0 = { model: 'rtl8139' as 'e1000' }), /rtl8139|e1000e/],
    [
      'an unknown machine',
      (x) => void (x.nodes.a.machine = 'pc'),
      /node 'a': unknown machine 'pc' for x86_64; known: microvm, q35/,
    ],
    ['SMMUv3 on x86', (x) => void (x.nodes.a.iommu = 'smmuv3'), /node 'a': no x86_64 machine has vIOMMU 'smmuv3'/],
    ['a memory size without sense', (x) => void (x.nodes.a.memory = 'lots'), /'lots' is not a memory size/],
    ['zero CPUs', (x) => void (x.nodes.a.cpus = 0), /cpus/],
  ]
  for (const [what, mutate, message] of cases) {
    const input = pair()
    mutate(input)
    t.throws(() => parseTopology(input), { name: 'UsageError', message }, what)
  }
})

t.test('NICs take a model; the machine and its kernel follow from it', async (t) => {
  const input = pair()
  Object.assign(input.nodes.a, {
    nics: { eth0: { model: 'e1000e', addresses: ['10.0.0.1/24'] } },
    memory: '1G',
    cpus: 2,
  })
  const topology = parseTopology(input)
  t.same(topology.nodes.a.nics.eth0, { model: 'e1000e', addresses: ['10.0.0.1/24'] })
  t.same(
    topology.nodes.b.nics.eth0,
    { model: 'virtio', addresses: ['10.0.0.2/24', 'fd00::2/64'] },
    'a list of addresses is a virtio NIC',
  )
  t.equal(topology.nodes.a.memory, 1024)
  t.same(
    Object.fromEntries(
      ['a', 'b'].map((n) => [n, (({ machine, kernel }) => `${machine.name}/${kernel}`)(nodePlan(topology, n))]),
    ),
    { a: 'q35/q35', b: 'microvm/microvm' },
  )
})

t.test('MACs are deterministic, distinct per NIC, and locally administered', async (t) => {
  t.equal(macFor('pair', 'a', 'eth0'), macFor('pair', 'a', 'eth0'))
  t.not(macFor('pair', 'a', 'eth0'), macFor('pair', 'b', 'eth0'))
  t.match(macFor('x'), /^52:54:00(:[0-9a-f]{2}){3}$/)
})

t.test('the two ends of a direct link point at each other', async (t) => {
  const { a, b } = directLink('/run/x', 'l0')
  t.equal(a, 'dgram,local.type=unix,local.path=/run/x/l0.a.sock,remote.type=unix,remote.path=/run/x/l0.b.sock')
  t.equal(b, 'dgram,local.type=unix,local.path=/run/x/l0.b.sock,remote.type=unix,remote.path=/run/x/l0.a.sock')
})

t.test("a node's arch: its own, else the topology's; its kernel then its machine's, unless named", async (t) => {
  const { nodePlan } = await import('../../src/net/topology.js')
  const topology = parseTopology({ ...pair(), kernel: 'microvm-wg' })
  t.match(nodePlan(topology, 'a'), { arch: { name: 'x86_64' }, kernel: 'microvm-wg' })
  const mixed = parseTopology({
    ...pair(),
    kernel: 'microvm-wg',
    nodes: { ...pair().nodes, b: { ...pair().nodes.b, arch: 'aarch64' } },
  })
  t.match(
    nodePlan(mixed, 'b'),
    { arch: { name: 'aarch64' }, machine: { name: 'virt' }, kernel: 'virt-aarch64' },
    "a node's own arch overrides the topology's kernel",
  )
  const arm = parseTopology({ ...pair(), arch: 'aarch64' })
  t.match(nodePlan(arm, 'a'), { arch: { name: 'aarch64' }, kernel: 'virt-aarch64' })
  t.throws(() => parseTopology({ ...pair(), arch: 'sparc' }), {
    name: 'UsageError',
    message: /an arch: x86_64, aarch64/,
  })
  t.throws(() => parseTopology({ ...pair(), arch: 'aarch64', kernel: 'microvm' }), {
    name: 'UsageError',
    message: /node 'a': kernel 'microvm' is x86_64, not aarch64; name no kernel to boot aarch64's \(virt-aarch64\)/,
  })
})
