import t from 'tap'
import { encodeCommand, guestParams, runLine } from '../../src/guest/params.js'

t.test('the command is hex of NUL-joined argv, so quotes and spaces survive', async (t) => {
  const hex = encodeCommand(['sh', '-c', "echo 'a b'"])
  t.equal(Buffer.from(hex, 'hex').toString(), "sh\0-c\0echo 'a b'")
})

t.test('params carry nonce, role, timeout and, when asked, debug', async (t) => {
  const words = guestParams({ nonce: 'ab', role: 'node', command: ['true'], timeoutS: 2.5, debug: true })
  t.same(words, [
    'vmgate.nonce=ab',
    'vmgate.role=node',
    'vmgate.timeout=3',
    `vmgate.cmd=${Buffer.from('true').toString('hex')}`,
    'vmgate.debug=1',
  ])
})

t.test('a long command travels whole; one longer than the guest takes is a usage error naming the fix', async (t) => {
  const long = ['sh', '-c', 'x'.repeat(10_000)]
  t.ok(
    guestParams({ nonce: 'n', role: 'a', command: long, timeoutS: 1, debug: false }).includes(
      `vmgate.cmd=${encodeCommand(long)}`,
    ),
  )
  t.throws(() => encodeCommand(['x'.repeat(20_000)]), {
    name: 'UsageError',
    message: /more than the guest takes.*--add/,
  })
})

t.test('the run line is stamped with the wall clock and fresh entropy when it is sent', async (t) => {
  const line = runLine(['vmgate.nonce=n'], 1_700_000_000_123, Buffer.alloc(4, 0xab))
  t.equal(line, 'vmgate.nonce=n vmgate.clock=1700000000.123000000 vmgate.entropy=abababab\n')
  const [a, b] = [runLine([]), runLine([])]
  t.not(a.match(/entropy=(\w+)/)![1], b.match(/entropy=(\w+)/)![1], 'each line draws its own')
  t.equal(a.match(/entropy=(\w+)/)![1].length, 128, '64 bytes')
})

t.test('a bad role is a usage error', async (t) => {
  t.throws(() => guestParams({ nonce: 'n', role: 'Bad Role', command: [], timeoutS: 1, debug: false }), {
    name: 'UsageError',
  })
})

t.test(
  'NICs (with their expected driver) and command-said readiness travel as vmgate.nic and vmgate.ready',
  async (t) => {
    const words = guestParams({
      nonce: 'n',
      role: 'a',
      command: [],
      timeoutS: 1,
      debug: false,
      readyByCommand: true,
      nics: [
        { mac: '52:54:00:00:00:01', driver: 'e1000e', addresses: ['10.0.0.1/24', 'fd00::1/64'] },
        { mac: '02:76:6d:00:00:01', runMac: '52:54:00:ab:cd:ef', driver: 'virtio_net', addresses: ['10.1.0.1/24'] },
      ],
    })
    t.ok(
      words.includes('vmgate.nic=52:54:00:00:00:01,e1000e,10.0.0.1/24,fd00::1/64'),
      'MAC, the driver init checks, then the addresses',
    )
    t.ok(words.includes('vmgate.nic=02:76:6d:00:00:01,virtio_net,mac=52:54:00:ab:cd:ef,10.1.0.1/24'), 'and the run MAC')
    t.ok(words.includes('vmgate.ready=command'))
  },
)
