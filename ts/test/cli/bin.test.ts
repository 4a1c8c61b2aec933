// The CLI as an npm bin: `npx vmgate` in a checkout after `npm install`
// (whose prepare script builds dist/), and the bundle run as a program itself.
import { execa } from 'execa'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'
import { CLI } from '../helpers/cli.js'

const USAGE = /^Usage: vmgate \[options\] \[command\]$/m

t.test('npx vmgate runs the bundle from the checkout', async (t) => {
  const run = await execa('npx', ['--no-install', 'vmgate', '--help'], {
    cwd: projectRoot(),
    reject: false,
    all: true,
    stdin: 'ignore',
  })
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, USAGE)
})

t.test('the bundle is an executable with a node shebang', async (t) => {
  const run = await execa(CLI, ['--help'], { reject: false, all: true, stdin: 'ignore' })
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, USAGE)
})

t.test('a reader that stops early (| head -1) ends the listing quietly, without a stack trace', async (t) => {
  // pipefail: the status is vmgate's, not head's.
  const script = `set -o pipefail; "$0" scenario list | head -n 1 && "$0" scenario list --json | head -c 10`
  const run = await execa('bash', ['-c', script, CLI], {
    reject: false,
    stdin: 'ignore',
  })
  t.equal(run.exitCode, 0, 'vmgate exits 0 both times')
  t.match(run.stdout, /^\S+\[.*\n\[/, 'the first line and the first bytes came through')
  t.equal(run.stderr, '', 'nothing on stderr')
})
