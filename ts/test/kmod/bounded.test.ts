// pkgs/kmod/remote/bounded.sh, run here the way ssh runs it on a host: a
// target still running when its caller stops waiting (a timeout, Ctrl-C, a
// lost connection all close the command's stdin) ends, with what it started.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'
import { runTool, TIMED_OUT } from '../../src/proc.js'
import { poll } from '../../src/wait.js'

const bounded = join(projectRoot(), 'pkgs/kmod/remote/bounded.sh')

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

t.test("a target's exit status and output pass through while its caller waits", async (t) => {
  const r = await runTool('sh', [bounded, 'sh', '-c', 'echo out; exit 7'], {
    what: 'bounded exit',
    allowFailure: true,
    holdStdinOpen: true,
  })
  t.equal(r.exitCode, 7)
  t.equal(r.stdout.trim(), 'out')
})

t.test('when its caller stops waiting, the target and its children end', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'vmgate-bounded-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const pids = join(dir, 'pids')
  // A target that started a child of its own, as live.sh starts the exporter.
  const script = `sleep 300 & echo $$ $! > '${pids}'; wait`
  const r = await runTool('sh', [bounded, 'sh', '-c', script], {
    what: 'bounded timeout',
    allowFailure: true,
    holdStdinOpen: true,
    timeoutMs: 2000,
  })
  t.equal(r.exitCode, TIMED_OUT)
  const started = (await readFile(pids, 'utf8')).trim().split(' ').map(Number)
  t.equal(started.length, 2, 'the target wrote its pid and its child')
  const left = await poll({ phase: 'target teardown', timeoutMs: 30_000, everyMs: 100 }, () => {
    const running = started.filter(alive)
    return running.length === 0 ? { done: true, value: running } : { done: false, state: `running: ${running}` }
  })
  t.same(left, [], 'nothing it started is left')
})
