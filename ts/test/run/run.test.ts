// Real guests: each case boots the project's kernel and testroot in QEMU.
import t from 'tap'
import { vmgate } from '../helpers/cli.js'
import { keptLogs, verdictCorpus } from './verdict-corpus.js'

// The verdict corpus on the default (x86_64) guest; aarch64.test.ts runs it on aarch64.
verdictCorpus(t, [])

t.test("--keep-logs keeps the console and channel logs; the command output is in the channel's", async (t) => {
  const run = await vmgate(['run', '--keep-logs', '--', 'echo', 'kept'])
  t.equal(run.exitCode, 0, run.all)
  const logs = await keptLogs(t, run.stderr)
  t.match(logs.channel, /"event":"log","stream":"stdout","line":"kept"/)
  t.match(logs.channel, /"event":"result"/)
  t.notMatch(logs.console, /^kept$/m)
})

t.test('--json reports the classification, the arch, the accel and the phase timings', async (t) => {
  const run = await vmgate(['run', '--json', '--', 'true'])
  t.equal(run.exitCode, 0, run.all)
  const report = JSON.parse(run.stdout)
  t.match(report, {
    classification: { kind: 'pass' },
    arch: 'x86_64',
    accel: /^(tcg|kvm)$/,
    timings: { boot: Number, ready: Number, test: Number },
  })
})

t.test('vmgate-mark NAME becomes a timed mark; a bad name, a quote or an overlong line does not', async (t) => {
  const script = [
    'vmgate-mark phase-one',
    "vmgate-mark 'a\"b' || echo rejected-by-applet",
    // Straight into init's fifo: a quote, then a line longer than init's buffer, then a good one.
    "printf 'mark a\"b\\n' > /run/vmgate/signal",
    '{ head -c 400 /dev/zero | tr "\\0" x; printf "\\nmark after-long\\n"; } > /run/vmgate/signal',
    'sleep 0.3',
  ].join('; ')
  const run = await vmgate(['run', '--json', '--', 'sh', '-c', script])
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stderr, /rejected-by-applet/)
  const { marks } = JSON.parse(run.stdout)
  t.same(Object.keys(marks).sort(), ['after-long', 'crng', 'init', 'phase-one'])
  t.ok(marks['phase-one'] <= marks['after-long'], 'marks are in the order sent')
})

t.test('shell boots the same guest with a shell on the console, and exit powers it off', async (t) => {
  const { execa } = await import('execa')
  const { CLI } = await import('../helpers/cli.js')
  // A shell that never shows its prompt fails the test instead of hanging it.
  const shell = execa(process.execPath, [CLI, 'shell'], { reject: false, all: true, timeout: 120_000 })
  // Typed once the shell is up: the prompt is the sign, perhaps split across chunks.
  let seen = ''
  shell.all!.on('data', function onData(chunk: Buffer) {
    seen += chunk.toString()
    if (!seen.includes('/ # ')) return
    shell.all!.off('data', onData)
    shell.stdin!.write('echo shell-$((6*7))\nexit\n')
  })
  const result = await shell
  t.equal(result.exitCode, 0, result.all)
  t.match(result.all, /^shell-42\r?$/m)
})
