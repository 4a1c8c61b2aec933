// relayctl maps its command line onto the control verbs.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { buildRelay, RELAYCTL } from './harness.js'
import { startPair } from './fixture.js'
import { newKey } from './wg.js'

const run = promisify(execFile)
t.before(() => buildRelay('release'))

async function ctl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(RELAYCTL, args)
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

t.test('verbs, exit codes and help', async (t) => {
  const { relay } = await startPair(t, 'release')
  const s = ['-s', relay.control]
  const added = await ctl(...s, 'peer', 'add', 'dave', newKey(), '127.0.0.1:9')
  t.equal(added.code, 0)
  t.same(JSON.parse(added.stdout), { ok: true, peer: 'dave' })
  const refused = await ctl(...s, 'link', 'add', 'dave', 'alice')
  t.equal(refused.code, 1, 'an error reply exits 1')
  t.match(JSON.parse(refused.stdout), { ok: false, error: { code: 'link_limit_exceeded' } })
  t.match(JSON.parse((await ctl(...s, 'show', 'drop_sources')).stdout), { ok: true, count: 0 })
  t.match(JSON.parse((await ctl(...s, '--raw', '{"cmd":"show config"}')).stdout), { port: relay.port })
  t.equal((await ctl(...s, 'link', 'add', 'dave')).code, 2, 'a missing argument is a usage error')
  t.equal((await ctl(...s, 'frobnicate')).code, 2, 'an unknown verb is a usage error')
  t.equal((await ctl('-s', '/nonexistent/relayd.sock', 'show')).code, 3, 'no relayd is exit 3')
  const help = await ctl('help')
  t.equal(help.code, 0)
  t.match(help.stdout, /link add a b\n\s+Link peers A and B.*\n(.*\n)*.*at most one link/)
})
