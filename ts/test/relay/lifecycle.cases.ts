// Start-up errors, the listening line, and SIGTERM.
import { spawn } from 'node:child_process'
import { waitFor } from '../../src/wait.js'
import dgram from 'node:dgram'
import type { Test } from 'tap'
import { Peer, Relay, relaydPath, type Exit, type Flavor } from './harness.js'
import { startPair } from './fixture.js'
import { transport } from './wg.js'

/** Run relayd to completion (it is expected to fail fast). */
function runToExit(bin: string, args: string[]): Promise<Exit> {
  let stderr = ''
  return waitFor<Exit>(
    { phase: `relayd ${args.join(' ')} exiting`, timeoutMs: 10_000, lastState: () => stderr || 'no output' },
    ({ resolve }) => {
      const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] })
      child.stderr.on('data', (d) => (stderr += d))
      child.on('exit', (code, signal) => resolve({ code, signal, stderr }))
      return () => child.kill('SIGKILL')
    },
  )
}

export function lifecycleCases(t: Test, flavor: Flavor) {
  const bin = relaydPath(flavor)

  t.test('a bad listen address is a usage error quoting the input', async (t) => {
    for (const bad of ['nonsense', '127.0.0.1', '127.0.0.1:99999', '300.1.1.1:5', '[::1:5', '::1:5']) {
      const exit = await runToExit(bin, ['--listen', bad, '--control', '/nonexistent/x.sock'])
      t.equal(exit.code, 2, `${bad}: exit 2`)
      t.equal(exit.stderr.trim().split('\n').length, 1, `${bad}: one line`)
      t.match(exit.stderr, `bad --listen address '${bad}'`)
    }
    const none = await runToExit(bin, [])
    t.equal(none.code, 2)
    t.match(none.stderr, /--listen ADDR:PORT is required/)
  })

  t.test('a port in use is a clear error and exit 1', async (t) => {
    const holder = dgram.createSocket('udp4')
    await new Promise<void>((r) => holder.bind(0, '127.0.0.1', r))
    t.teardown(() => holder.close())
    const port = holder.address().port
    const exit = await runToExit(bin, ['--listen', `127.0.0.1:${port}`, '--control', '/nonexistent/x.sock'])
    t.equal(exit.code, 1)
    t.match(
      exit.stderr,
      new RegExp(`level=error event=bind_failed addr=127\\.0\\.0\\.1:${port} reason="Address already in use"`),
    )
  })

  t.test('a control socket in use by another relayd is refused', async (t) => {
    const first = await Relay.start(bin)
    t.teardown(() => first.stop())
    const exit = await runToExit(bin, ['--listen', '127.0.0.1:0', '--control', first.control])
    t.equal(exit.code, 1)
    t.match(exit.stderr, /event=control_failed .*reason="Address already in use"/)
    t.match(await first.ok('show'), { ok: true }, 'the first relayd is untouched')
  })

  t.test('listening line and show config agree on the bound port', async (t) => {
    const { relay } = await startPair(t, flavor)
    t.ok(relay.port > 0)
    t.match(await relay.ok('show config'), {
      port: relay.port,
      bound: `127.0.0.1:${relay.port}`,
      listen: '127.0.0.1:0',
      control: relay.control,
      verify_mac1: false,
    })
  })

  t.test('SIGTERM relays what is queued and exits 0', async (t) => {
    const relay = await Relay.start(bin)
    const [a, b] = await Promise.all([Peer.bind(), Peer.bind()])
    t.teardown(() => {
      a.close()
      b.close()
    })
    await relay.ok('peer add', { name: 'a', pubkey: Buffer.alloc(32, 1).toString('base64'), endpoint: a.endpoint })
    await relay.ok('peer add', { name: 'b', pubkey: Buffer.alloc(32, 2).toString('base64'), endpoint: b.endpoint })
    await relay.ok('link add', { a: 'a', b: 'b' })
    const m = transport(16)
    await a.send(m, relay)
    t.same(await b.recv(), m)
    const exit = await relay.stop('SIGTERM')
    t.equal(exit.code, 0, 'exit status 0')
    t.match(exit.stderr, /event=shutdown signal=15 .*fwd_packets=1/)
  })
}
