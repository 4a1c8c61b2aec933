import t from 'tap'
import { renderTable } from '../../src/toolchain/doctor.js'

t.test('each row names what needs the tool, found or missing', async (t) => {
  const table = renderTable([
    {
      name: 'tcpdump',
      neededFor: 'tests',
      status: 'found',
      path: '/usr/bin/tcpdump',
      source: 'debian',
      version: 'tcpdump version 4.99.3',
    },
    { name: 'qemu-x86_64', neededFor: 'core', status: 'missing', fix: 'apt-get install -y qemu-system-x86' },
  ])
  t.equal(
    table,
    [
      '✓ tcpdump      tests  /usr/bin/tcpdump [debian]  tcpdump version 4.99.3',
      '✗ qemu-x86_64  core   missing: apt-get install -y qemu-system-x86',
    ].join('\n'),
  )
})
