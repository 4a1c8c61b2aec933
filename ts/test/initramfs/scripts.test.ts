// The guest programs' helpers, run on the host's busybox as the guest runs
// them: in a session of their own, as vmgate-init starts a command. When a
// program ends, however it ends, none of its background groups may have a
// process left, or the init's sweep fails the run.
import { execa } from 'execa'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { projectRoot } from '../../src/paths.js'
import { tool } from '../../src/toolchain/resolve.js'
import { tempDir } from '../helpers/temp.js'

// The host's busybox, the x86_64 guests' own (tool name busybox-x86_64 in the table).
const BUSYBOX = tool('busybox-x86_64')
const PATH = [join(projectRoot(), 'roots/scripts'), join(projectRoot(), 'pkgs/relay/guest'), process.env.PATH].join(':')

// Two groups: a loop whose `sleep` outlives a kill of the loop's shell alone, and a plain sleep.
const PROGRAM = `set -eu
. vmgate-jobs.sh
job_start loop sh -c 'while sleep 1; do :; done'
job_start other sleep 100
echo "groups $loop $other"
case $1 in
fail) exit 3 ;;
term) wait "$other" ;;
done) job_stop "$loop"; echo "loop stopped" ;;
helper)
	job_start helper sh -c '. vmgate-jobs.sh; job_helper; while sleep 1; do :; done'
	job_stop "$helper"
	echo "the last line" >&2
	;;
esac
`

/** Starts the program in a new session; `then` runs once it printed its groups. */
async function run(t: Test, how: string, then?: (pid: number) => void) {
  const file = join(await tempDir(t, 'vmgate-jobs-'), 'program')
  await writeFile(file, PROGRAM)
  const child = execa(BUSYBOX, ['sh', file, how], { detached: true, reject: false, env: { PATH }, stdin: 'ignore' })
  let groups: number[] = []
  child.stdout!.on('data', (chunk: Buffer) => {
    const m = /groups (\d+) (\d+)/.exec(chunk.toString())
    if (m && groups.length === 0) {
      groups = [Number(m[1]), Number(m[2])]
      then?.(child.pid!)
    }
  })
  const result = await child
  return { result, groups, left: groups.filter(groupAlive) }
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0)
    return true
  } catch {
    return false
  }
}

t.test('a program that fails leaves none of its groups behind and keeps its status', async (t) => {
  const { result, groups, left } = await run(t, 'fail')
  t.equal(result.exitCode, 3)
  t.equal(groups.length, 2, 'it started two groups')
  t.same(left, [], 'no process of either group is left')
})

t.test('TERM while it waits stops every group, and the program exits 143', async (t) => {
  const { result, groups, left } = await run(t, 'term', (pid) => process.kill(pid, 'SIGTERM'))
  t.equal(result.exitCode, 143)
  t.equal(groups.length, 2)
  t.same(left, [])
})

t.test('job_stop waits until a group is empty; the normal end stops the rest', async (t) => {
  const { result, left } = await run(t, 'done')
  t.equal(result.exitCode, 0)
  t.match(result.stdout, /loop stopped/)
  t.same(left, [])
})

t.test("a helper killed with its group says nothing on stderr, whose last line is a failure's reason", async (t) => {
  const { result, left } = await run(t, 'helper')
  t.equal(result.stderr, 'the last line')
  t.same(left, [])
})

t.test('relay-node fails naming relayd when relayd cannot start', async (t) => {
  const bin = await tempDir(t, 'vmgate-fake-relayd-')
  await writeFile(join(bin, 'relayd'), '#!/bin/sh\necho "relayd: cannot bind" >&2\nexit 1\n', { mode: 0o755 })
  const node = join(projectRoot(), 'pkgs/relay/guest/relay-node')
  const result = await execa(
    BUSYBOX,
    ['sh', node, 'unlinked', '--listen', '0.0.0.0:1', '--peer', 'a', 'k', '10.0.0.1:1'],
    { reject: false, env: { PATH: `${bin}:${PATH}`, TMPDIR: bin }, detached: true, stdin: 'ignore' },
  )
  t.match(result, {
    exitCode: 1,
    stderr: /relay: relayd exited before its control socket answered: relayd: cannot bind$/,
  })
})

t.test('bad arguments are one line naming what is wrong', async (t) => {
  const relay = await execa(
    BUSYBOX,
    ['sh', join(projectRoot(), 'pkgs/relay/guest/relay-node'), 'linked', '--listen', '0.0.0.0:1', '--peer', 'a', 'k'],
    { reject: false, env: { PATH } },
  )
  t.equal(relay.exitCode, 2)
  t.match(
    relay.stderr,
    /^relay-node: --peer needs NAME KEY ENDPOINT; usage: relay-node linked\|unlinked\|serve\|xdp-refused /,
  )
  const peer = await execa(BUSYBOX, ['sh', join(projectRoot(), 'pkgs/relay/guest/wg-peer'), '--key', 'k', 'send'], {
    reject: false,
    env: { PATH },
  })
  t.equal(peer.exitCode, 2)
  t.match(peer.stderr, /^wg-peer: no --peer-key; usage:/)
  const wgPeer = (...args: string[]) =>
    execa(BUSYBOX, ['sh', join(projectRoot(), 'pkgs/relay/guest/wg-peer'), ...args], { reject: false, env: { PATH } })
  t.match(await wgPeer('--key', 'k', '--endpoint'), {
    exitCode: 2,
    stderr: /^wg-peer: --endpoint needs a value; usage:/,
  })
  t.match(await wgPeer('--key', 'k', '--mtu', '1400'), {
    exitCode: 2,
    stderr: /^wg-peer: unknown option '--mtu'; usage:/,
  })
  const allSet = ['--key', 'k', '--peer-key', 'p', '--endpoint', 'e:1', '--tunnel', 't/24', '--allowed-ips', 'n/24']
  t.match(await wgPeer(...allSet, 'dance'), { exitCode: 2, stderr: /^wg-peer: unknown role 'dance'; usage:/ })
  const sink = await execa(BUSYBOX, ['sh', join(projectRoot(), 'roots/scripts/tcp-sink'), '10.0.0.1'], {
    reject: false,
    env: { PATH },
  })
  t.match(sink, { exitCode: 2, stderr: 'usage: tcp-sink CLIENT PORT COUNT' })
})
