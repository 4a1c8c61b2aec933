// loadgen's raw sender (the source of `vmgate bench xdp`) on a veth pair in
// network namespaces (as root): its hand-built frames must be datagrams the
// receiver's stack accepts, with checksums a capture verifies, and a wrong
// interface must be a clear error.
import { execFile, spawn } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { tool } from '../../src/toolchain/resolve.js'
import { RELAY_DIR } from './harness.js'
import { makeNetns, NET, netnsUnavailable, type Netns } from './netns.js'

const run = promisify(execFile)
const LOADGEN = path.join(RELAY_DIR, 'build/loadgen')
const ENV = { ...process.env, LOADGEN_ANY_ADDRESS: '1' }
const RECV_PORT = 7100

const why = netnsUnavailable()
if (why) t.test('loadgen host tests', { skip: why }, () => {})
else await suites()

/** `loadgen send-raw` from peer a's end (a0) to the relay side's address, fed its go line. */
async function sendRaw(ns: Netns, iface: string, size: number, seconds: number, pps?: number) {
  const child = spawn(
    tool('iproute2-ip'),
    [
      'netns',
      'exec',
      ns.peers,
      LOADGEN,
      'send-raw',
      iface,
      `${NET.a}:7101`,
      `${NET.relayA}:${RECV_PORT}`,
      String(size),
      String(seconds),
      ...(pps ? [String(pps)] : []),
    ],
    { env: ENV },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdin.end('go\n')
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, stdout, stderr }
}

async function suites(): Promise<void> {
  await run('flock', ['/tmp/vmgate-relay-build.lock', tool('make'), '-s', '-C', RELAY_DIR, 'build/loadgen'])
  const ns = await makeNetns(t)

  for (const size of [64, 1408])
    t.test(`${size}-byte frames arrive as datagrams of that size`, async (t) => {
      const recv = run(
        tool('iproute2-ip'),
        ['netns', 'exec', ns.relay, LOADGEN, 'recv', `${NET.relayA}:${RECV_PORT}`, '100', '500', '5000'],
        { env: ENV },
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      const sent = await sendRaw(ns, 'a0', size, 1.5)
      t.equal(sent.code, 0, `send-raw exits 0 (${sent.stderr.trim()})`)
      const sentCount = Number(/sent=(\d+)/.exec(sent.stdout)?.[1])
      t.ok(sentCount > 0, `sent ${sentCount}`)
      const { stdout } = await recv
      const m = /packets=(\d+) .* bad=(\d+)/.exec(stdout)
      t.ok(m && Number(m[1]) > 0, `the receiver counted datagrams: ${stdout.trim()}`)
      t.equal(m?.[2], '0', 'every one the size sent')
    })

  t.test('the frames carry checksums a capture verifies', async (t) => {
    const capture = run(
      tool('iproute2-ip'),
      ['netns', 'exec', ns.relay, tool('tcpdump'), '-nvv', '-c', '3', '-i', 'r0', 'udp', 'port', String(RECV_PORT)],
      { timeout: 20_000 },
    )
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await sendRaw(ns, 'a0', 64, 0.5)
    const { stdout } = await capture
    t.match(stdout, /\[udp sum ok\]/, 'tcpdump finds the UDP checksum right')
    t.notMatch(stdout, /bad (udp )?cksum/, 'and no bad IP or UDP checksum')
  })

  t.test('a rate caps how many it sends', async (t) => {
    const sent = await sendRaw(ns, 'a0', 64, 1, 2000)
    const count = Number(/sent=(\d+)/.exec(sent.stdout)?.[1])
    t.ok(count > 0 && count <= 2000 + 64, `sent ${count} in 1 s at 2000 pps (one batch of slack)`)
  })

  t.test('a wrong interface is a clear error', async (t) => {
    const sent = await sendRaw(ns, 'nope0', 64, 0.2)
    t.equal(sent.code, 1)
    t.match(sent.stderr, /loadgen: no interface 'nope0'/)
  })
}
