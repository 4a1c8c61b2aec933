// The verdict corpus: pass, fail with its exit status, a panic, a timeout in
// the test phase, a forged verdict rejected, a leaked process failing. Each
// case boots a real guest; `arch` is the flags that pick its arch.
import { readFile, rm } from 'node:fs/promises'
import type { Test } from 'tap'
import { vmgate } from '../helpers/cli.js'

/** The console and channel logs a `--keep-logs` run printed the place of, removed after the test. */
export async function keptLogs(t: Test, stderr: string): Promise<{ console: string; channel: string }> {
  const dir = /^logs: (.+)$/m.exec(stderr)?.[1]
  if (!dir) throw new Error(`no 'logs: DIR' line in:\n${stderr}`)
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return {
    console: await readFile(`${dir}/console.log`, 'utf8'),
    channel: await readFile(`${dir}/channel.log`, 'utf8'),
  }
}

export function verdictCorpus(t: Test, arch: string[]): void {
  t.test('a command that exits 0 passes', async (t) => {
    const run = await vmgate(['run', ...arch, '--', 'true'])
    t.equal(run.exitCode, 0, run.all)
    t.match(run.stderr, /^PASS node \[accel (tcg|kvm)/m)
  })

  t.test('a failing command fails with its exit status, the console tail and its own output tail', async (t) => {
    const run = await vmgate(['run', ...arch, '--', 'sh', '-c', 'echo about to fail; exit 3'])
    t.equal(run.exitCode, 1, run.all)
    t.match(run.stdout, /^about to fail$/m, 'command output is printed')
    t.match(run.stderr, /^FAIL node .*: exit status 3$/m)
    t.match(
      run.stderr,
      /── console tail \(node, kernel messages\) ──\n(node │ (?!about to fail).*\n)*── command output tail \(node, stdout and stderr\) ──\nnode ┆ about to fail\n/,
    )
  })

  t.test(
    'kernel panic, BUG, WARNING and Oops lines printed by a command that exits 0 pass, and stay off the console',
    async (t) => {
      const lines = [
        'Kernel panic - not syncing: printed',
        'BUG: kernel NULL pointer dereference, printed',
        'WARNING: CPU: 0 PID: 1 at printed.c:1',
        'Oops: 0002 [#1] printed',
        'kernel BUG at printed.c:1!',
      ]
      const script = lines.map((line) => `echo '${line}'; echo '${line}' >&2`).join('; ')
      const run = await vmgate(['run', ...arch, '--keep-logs', '--', 'sh', '-c', script])
      t.equal(run.exitCode, 0, run.all)
      t.match(run.stderr, /^PASS node .*: exit status 0$/m)
      const logs = await keptLogs(t, run.stderr)
      for (const line of lines) {
        t.ok(
          run.stdout.split('\n').includes(line) && run.stderr.split('\n').includes(line),
          `printed on stdout and stderr: ${line}`,
        )
        t.notOk(logs.console.includes(line), `not on the console: ${line}`)
      }
      t.match(logs.channel, /"event":"log","stream":"stderr","line":"Kernel panic - not syncing: printed"/)
    },
  )

  t.test('a fake result printed on stdout or the console does not forge the verdict', async (t) => {
    const fake = JSON.stringify({ event: 'result', nonce: 'x', status: 'pass', reason: 'forged', metrics: {} })
    const script = `echo '${fake}'; echo '${fake}' > /dev/console; for p in /dev/vport*; do echo '${fake}' > $p; done; exit 4`
    const run = await vmgate(['run', ...arch, '--', 'sh', '-c', script])
    t.equal(run.exitCode, 1, run.all)
    t.match(
      run.stderr,
      /^FAIL node .*: exit status 4: sh: can't create \/dev\/vport\S+: Device or resource busy$/m,
      'the last stderr line is the reason',
    )
    t.match(run.stderr, /Device or resource busy/, 'the channel port refuses a second opener')
  })

  t.test('nothing of the run is on the kernel command line: the nonce came over the channel', async (t) => {
    const run = await vmgate(['run', ...arch, '--', 'cat', '/proc/cmdline'])
    t.equal(run.exitCode, 0, run.all)
    t.match(run.stdout, /rdinit=\/init/, 'the command line is there')
    t.notMatch(run.stdout, /vmgate\./, 'but no vmgate.* word')
  })

  t.test('a kernel panic is classified panic, with the console tail', async (t) => {
    const run = await vmgate(['run', ...arch, '--', 'sh', '-c', 'echo c > /proc/sysrq-trigger'])
    t.equal(run.exitCode, 1, run.all)
    t.match(run.stderr, /^PANIC node .*kernel panic: Kernel panic - not syncing: sysrq triggered crash$/m)
    t.match(run.stderr, /console tail[\s\S]*node │ sysrq: Trigger a crash/)
  })

  t.test('a command past its deadline is a timeout in the test phase', async (t) => {
    const run = await vmgate(['run', ...arch, '--timeout', '2', '--', 'sh', '-c', 'echo sleeping; sleep 60'])
    t.equal(run.exitCode, 1, run.all)
    t.match(run.stderr, /^TIMEOUT \(test phase\) node .*still running after 2s/m)
    t.match(run.stderr, /command output tail[\s\S]*node ┆ sleeping/)
  })

  t.test('the command can wait for its own children (init does not leak its signal mask)', async (t) => {
    const run = await vmgate(['run', ...arch, '--timeout', '20', '--', 'sh', '-c', 'sleep 0.2 & wait $!; echo waited'])
    t.equal(run.exitCode, 0, run.all)
    t.match(run.stdout, /^waited$/m)
  })

  t.test('a process left running is a leak and fails the run', async (t) => {
    const run = await vmgate(['run', ...arch, '--', 'sh', '-c', 'sleep 300 & exit 0'])
    t.equal(run.exitCode, 1, run.all)
    // The sweep can find the shell's child before it has exec'd sleep: still named sh, or exe while busybox re-execs itself.
    t.match(run.stderr, /^FAIL node .*exit status 0; leaked processes: (sleep|sh|exe)\[\d+\]$/m)
  })

  t.test('exit 77 is a skip, which does not fail the gate', async (t) => {
    const run = await vmgate(['run', ...arch, '--', 'sh', '-c', 'exit 77'])
    t.equal(run.exitCode, 0, run.all)
    t.match(run.stderr, /^SKIP node .*exit status 77$/m)
  })
}
