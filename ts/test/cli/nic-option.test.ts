import { Command } from 'commander'
import t from 'tap'
import { nicOption, nicsOf, parseNic } from '../../src/cli/nic-option.js'

/** The NICs a command with --nic parses from `argv`. */
function parse(argv: string[]) {
  const command = nicOption(new Command('x').exitOverride().configureOutput({ writeErr: () => {} }))
  return nicsOf(command.parse(argv, { from: 'user' }).opts().nic)
}

t.test('--nic takes a name, CIDR addresses of both families and a model; repeatable, in order', async (t) => {
  const nics = parse(['--nic', 'eth0=10.0.0.2/24,fd00::2/64', '--nic', 'lan-1=192.168.1.1/16,model=e1000e'])
  t.same(nics, {
    eth0: { addresses: ['10.0.0.2/24', 'fd00::2/64'], model: 'virtio' },
    'lan-1': { addresses: ['192.168.1.1/16'], model: 'e1000e' },
  })
  t.same(Object.keys(nics), ['eth0', 'lan-1'], 'in the order given')
  t.same(parse([]), {}, 'no --nic: no NICs')
  t.same(parseNic('eth0=model=e1000'), { name: 'eth0', addresses: [], model: 'e1000' }, 'a NIC without addresses')
})

t.test('a bad value is one line quoting it and saying the fix', async (t) => {
  const cases: [string, RegExp][] = [
    ['eth0', /--nic 'eth0': no '='; write NAME=ADDR/],
    ['eth0=10.0.0.300/24', /'10.0.0.300\/24' is not ADDRESS\/PREFIX-LENGTH; write e.g. 10.0.0.2\/24/],
    ['eth0=10.0.0.2', /'10.0.0.2' is not ADDRESS\/PREFIX-LENGTH/],
    ['eth0=fd00::2/129', /'fd00::2\/129' is not ADDRESS\/PREFIX-LENGTH/],
    ['eth0=10.0.0.2/24,model=rtl8139', /unknown model 'rtl8139'; use one of virtio, e1000, e1000e/],
    ['Eth_0=10.0.0.2/24', /NIC name 'Eth_0': use 1-32 of a-z, 0-9 and -/],
    ['eth0=10.0.0.2/24,mtu=9000', /unknown setting 'mtu'; the only one is model=M/],
    ['eth0=10.0.0.2/24,10.0.0.3/24', /more than one IPv4 address/],
  ]
  for (const [value, message] of cases) {
    t.throws(() => parseNic(value), { code: 'commander.invalidArgument', message }, value)
    t.notMatch(parseErrorLines(value), /\n./, `${value}: one line`)
  }
})

t.test('a NIC given twice, or more than a guest has, is a usage error', async (t) => {
  t.throws(() => parse(['--nic', 'eth0=10.0.0.2/24', '--nic', 'eth0=10.0.0.3/24']), {
    name: 'UsageError',
    message: /NIC 'eth0' is given twice/,
  })
  const five = ['a', 'b', 'c', 'd', 'e'].flatMap((name) => ['--nic', `${name}=`])
  t.throws(() => parse(five), { name: 'UsageError', message: /given 5 times; a guest has at most 4 NICs/ })
})

function parseErrorLines(value: string): string {
  try {
    parseNic(value)
    return ''
  } catch (error) {
    return (error as Error).message
  }
}
