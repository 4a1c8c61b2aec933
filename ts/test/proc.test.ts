import { existsSync } from 'node:fs'
import t from 'tap'
import { NOT_STARTED, runTool, startProcess } from '../src/proc.js'
import { poll } from '../src/wait.js'

const MISSING = '/nonexistent/tool'

t.test(
  'runTool: output, a failure as one InfraError with the argv and the tail, allowFailure as a result',
  async (t) => {
    t.match(await runTool('sh', ['-c', 'echo out; echo err >&2'], { what: 'echo' }), {
      exitCode: 0,
      stdout: 'out',
      stderr: 'err',
    })
    await t.rejects(runTool('sh', ['-c', 'echo last words; exit 4'], { what: 'a step' }), {
      name: 'InfraError',
      message: /^a step failed \(exit 4, after \d+ms\)\n\$ sh -c echo last words; exit 4\nlast words$/,
    })
    t.equal((await runTool('sh', ['-c', 'exit 5'], { what: 'x', allowFailure: true })).exitCode, 5)
    // spawns: missing
    t.equal((await runTool(MISSING, [], { what: 'x', allowFailure: true })).exitCode, NOT_STARTED)
    const lines: string[] = []
    await runTool('sh', ['-c', 'printf "a\\nb\\nc"'], { what: 'lines', onLine: (line) => lines.push(line) })
    t.same(lines, ['a', 'b', 'c'], 'every line, the last one unterminated too')
    const env = await runTool('sh', ['-c', 'echo "${HOME-unset} $VMGATE_TEST_VALUE"'], {
      what: 'env',
      env: { HOME: undefined, VMGATE_TEST_VALUE: 'given' },
    })
    t.equal(env.stdout, 'unset given', 'a variable given as undefined is removed, the others are added')
  },
)

t.test('startProcess: a group stop ends the child and everything it started', async (t) => {
  const lines: string[] = []
  const child = startProcess('sh', ['-c', 'sleep 300 & echo $!; wait'], {
    what: 'group',
    group: true,
    stdout: (line) => lines.push(line),
  })
  const grandchild = await poll({ phase: 'sleep started', timeoutMs: 10_000, everyMs: 10 }, () =>
    lines[0] ? { done: true, value: Number(lines[0]) } : { done: false, state: 'no pid yet' },
  )
  t.ok(existsSync(`/proc/${grandchild}`), 'the sleep runs')
  const exit = await child.stop({ graceMs: 100 })
  t.equal(exit.signal, 'SIGTERM')
  // Killed with its group, then reaped by whoever adopted it.
  await poll({ phase: 'sleep gone', timeoutMs: 10_000, everyMs: 10 }, () =>
    existsSync(`/proc/${grandchild}`) ? { done: false, state: 'still there' } : { done: true, value: true },
  )
  t.pass('the sleep is gone too')
})

t.test('startProcess: a process that cannot start exits with a message, never rejects', async (t) => {
  // spawns: missing
  const exit = await startProcess(MISSING, [], { what: 'missing' }).exited
  t.equal(exit.code, undefined)
  t.match(exit.stderr, /ENOENT/)
})
