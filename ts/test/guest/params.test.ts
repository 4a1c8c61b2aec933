import t from 'tap'
import { commandFile, encodeCommand, guestParams } from '../../src/guest/params.js'

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

t.test('a command too long for the kernel command line travels as a file', async (t) => {
  const long = ['sh', '-c', 'x'.repeat(1000)]
  const file = commandFile(long)!
  t.match(file.path, /^\/etc\/vmgate\/cmd-[0-9a-f]{16}$/)
  t.equal(file.data.toString(), `sh\0-c\0${'x'.repeat(1000)}`)
  t.ok(
    guestParams({ nonce: 'n', role: 'a', command: long, timeoutS: 1, debug: false }).includes(
      `vmgate.cmdfile=${file.path}`,
    ),
  )
  t.equal(commandFile(['true']), undefined)
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
      nics: [{ mac: '52:54:00:00:00:01', driver: 'e1000e', addresses: ['10.0.0.1/24', 'fd00::1/64'] }],
    })
    t.ok(
      words.includes('vmgate.nic=52:54:00:00:00:01,e1000e,10.0.0.1/24,fd00::1/64'),
      'MAC, the driver init checks, then the addresses',
    )
    t.ok(words.includes('vmgate.ready=command'))
  },
)
