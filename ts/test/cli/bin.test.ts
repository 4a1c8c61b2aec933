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
