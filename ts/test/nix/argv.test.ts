// checkArgv against a small commander tree: what commander would accept, and
// one clear problem for what it would refuse.
import { Argument, Command, InvalidArgumentError, Option } from 'commander'
import t from 'tap'
import { checkArgv } from '../../src/nix/argv.js'

function program(): Command {
  const root = new Command('vmgate').option('--debug')
  const scenario = root.command('scenario')
  scenario
    .command('run')
    .argument('[names...]')
    .option('--tag <tag>', 'tag', (v: string, prev: string[] = []) => [...prev, v])
  root
    .command('run')
    .argument('<cmd...>')
    .option('--timeout <s>', 'seconds', (v: string) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`--timeout takes seconds, not '${v}'`)
      return Number(v)
    })
  root
    .command('kmod')
    .addArgument(new Argument('<targets...>').choices(['unit', 'asan']))
    .option('--host <dest>')
  root
    .command('build')
    .addOption(new Option('--only <what>').choices(['kernel', 'root']))
    .option('--out <dir>')
    .option('--json')
  return root
}

t.test('lines commander accepts pass', async (t) => {
  for (const argv of [
    ['scenario', 'run', '--tag', 'relay', '--tag', 'smoke'],
    ['scenario', 'run', 'a', 'b'],
    ['run', '--', 'sh', '-c', 'true'],
    ['--debug', 'run', '--timeout=5', 'true'],
    ['kmod', '--host', { env: 'VMGATE_FREEBSD_HOST' }, 'unit', 'asan'],
    ['kmod', '--host', { env: 'VMGATE_REMOTE_HOST', default: 'root@h:22' }, { env: 'T', default: 'unit' }],
    ['build', '--only', 'kernel', '--out', { nix: 'out' }, '--json'],
  ])
    t.equal(checkArgv(program(), argv), undefined, JSON.stringify(argv))
})

t.test('each refusal is one line naming what is wrong', async (t) => {
  const cases: [unknown[], RegExp][] = [
    [['scenarios', 'run'], /^'vmgate' has no command 'scenarios'; it has: scenario, run, kmod, build$/],
    [['scenario'], /^'vmgate scenario' needs a subcommand: run$/],
    [['scenario', 'run', '--tags', 'x'], /^'vmgate scenario run' has no option --tags$/],
    [['build', '--only', 'everything'], /^'vmgate build' --only: 'everything' is not one of kernel, root$/],
    [['build', '--json=yes'], /^--json takes no value/],
    [['build', '--out'], /^--out needs a value$/],
    [['build', 'extra'], /^'vmgate build' takes 0 argument\(s\), got 'extra'$/],
    [['kmod', 'unit', 'tsan'], /^'vmgate kmod' <targets>: 'tsan' is not one of unit, asan$/],
    [['kmod'], /^'vmgate kmod' needs <targets>$/],
    [['kmod', { env: 'INTEGRATION_TARGET', default: 'tsan' }], /<targets>: 'tsan' is not one of unit, asan$/],
    [
      ['kmod', { env: 'INTEGRATION_TARGET', default: 'unit asan' }],
      /the default 'unit asan' of \$INTEGRATION_TARGET must be a plain word/,
    ],
    [['run', '--timeout', 'soon', 'true'], /--timeout takes seconds, not 'soon'$/],
  ]
  for (const [argv, expected] of cases) t.match(checkArgv(program(), argv as string[]), expected, JSON.stringify(argv))
})
