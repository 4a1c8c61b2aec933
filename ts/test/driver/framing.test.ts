import { execFileSync } from 'node:child_process'
import t from 'tap'
import { commandLine, parseResult, resultPattern } from '../../src/driver/framing.js'

// The framed line is run by a real sh here, as the guest's sh runs it.
function runFramed(id: string, command: string): string {
  return execFileSync('sh', ['-c', commandLine(id, command)], { encoding: 'latin1' })
}

t.test('a framed command gives its output and status back', async (t) => {
  const stream = runFramed('a1', `printf 'it is "quoted" and $HOME-free\\n'; echo err >&2; exit 4`)
  const match = resultPattern('a1').exec(stream)
  t.ok(match)
  t.same(parseResult(match!), { status: 4, output: 'it is "quoted" and $HOME-free\nerr\n' })
})

t.test('output that looks like a prompt or a marker does not end the result', async (t) => {
  const fake = `printf 'root@debian:~# \\n\\036E:other:0\\n'`
  const match = resultPattern('b2').exec(runFramed('b2', fake))
  t.same(parseResult(match!), { status: 0, output: 'root@debian:~# \n\x1eE:other:0\n' })
})

t.test('the command cannot read the shell input', async (t) => {
  const match = resultPattern('c3').exec(runFramed('c3', 'cat; echo done'))
  t.same(parseResult(match!), { status: 0, output: 'done\n' })
})
