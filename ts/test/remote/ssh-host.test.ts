// Two real remote hosts: guests running the system's sshd, reached over
// loopback port forwards with fresh keys. The suite runs on both at once; one
// is stopped as its live target starts, and only its targets end as `error`.
// On the other the module was really built and loaded there, and is gone
// after; tcpstats-exporter was scraped around it and its page passes promtool.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { KMOD_KERNEL } from '../../../pkgs/kmod/ts/live-target.js'
import { hostDirName } from '../../../pkgs/kmod/ts/remote.js'
import { runSuite } from '../../../pkgs/kmod/ts/suite.js'
import { startSshHost } from '../../src/remote/ssh-host.js'
import { makeSshKeys } from '../../src/remote/ssh-keys.js'
import { runSsh } from '../../src/remote/ssh.js'
import { TIMED_OUT } from '../../src/proc.js'
import { poll } from '../../src/wait.js'
import { Store } from '../../src/store/store.js'
import { tempDir } from '../helpers/temp.js'

// Building the module and tcpstats-live in a TCG guest over 9p takes minutes on a loaded machine.
const TIMEOUT_MS = 3_600_000

t.test(
  'the suite on two sshd hosts at once; the one stopped mid-run errors alone',
  { timeout: TIMEOUT_MS },
  async (t) => {
    const dir = await tempDir(t, 'vmgate-sshd-')
    const results = await tempDir(t, 'vmgate-kmod-')
    const store = Store.fromEnv()
    const keys = await makeSshKeys(dir)
    const start = (name: string) =>
      startSshHost({
        name,
        kernel: KMOD_KERNEL,
        keys,
        logDir: join(dir, name),
        store,
        accel: 'auto',
        log: () => undefined,
      })
    const [kept, stopped] = await Promise.all([start('kept'), start('stopped')])
    t.teardown(() => Promise.all([kept.stop(), stopped.stop()]))
    let output = ''
    const run = await runSuite({
      targets: ['pkg_setup', 'live_smoke'],
      integrationArgs: [],
      hosts: [kept.label, stopped.label],
      sshConfig: keys.sshConfig,
      resultsRoot: results,
      store,
      accel: 'auto',
      log: () => undefined,
      print: (text) => {
        output += text
        if (text.startsWith(`[${stopped.label}] ▸ live_smoke`)) void stopped.stop()
      },
    })
    t.equal(run.exitCode, 3, output)
    const byHost = (label: string) => run.results.filter((r) => r.where === label).map((r) => [r.target, r.status])
    t.same(byHost(kept.label), [
      ['pkg_setup', 'pass'],
      ['live_smoke', 'pass'],
    ])
    t.same(byHost(stopped.label), [
      ['pkg_setup', 'pass'],
      ['live_smoke', 'error'],
    ])
    t.match(run.results.at(-1)!.problems, [/stopped answering/])
    const log = await readFile(join(run.dir, hostDirName(kept.label), 'live_smoke.log'), 'utf8')
    t.match(log, /^live: built tcpstats.ko against \/lib\/modules\/\S+\/build/m)
    t.match(log, /^live: in a network namespace of its own$/m, "away from the host's own sockets")
    t.match(log, /^kernel: .*tcpstats: \/dev\/tcpstats ready/m, 'loaded on that host')
    t.match(log, /^live: tcpstats is not loaded after live_smoke$/m)
    t.match(
      log,
      /^scrape smoke deltas: .*tcpstats_reads_total\+\d+/m,
      'the exporter scraped after the load and before the unload',
    )
    t.match(log, /^live: promtool check metrics passed on a scrape/m)
    const after = await runSsh(
      kept,
      'test ! -e /sys/module/tcpstats && test -f .vmgate-kmod/build/module/tcpstats.ko',
      {
        what: 'module gone, .ko built there',
        sshConfig: keys.sshConfig,
      },
    )
    t.equal(after.exitCode, 0, 'the module was built there and is unloaded')
    // A target vmgate stops waiting for (a timeout here; Ctrl-C and a lost link alike) ends on the host too.
    // The timeout leaves a loaded TCG host time to take the connection and start the target.
    const outlived = await runSsh(
      kept,
      `rm -f /tmp/bounded.pid; cd .vmgate-kmod && sh remote/bounded.sh sh -c 'sleep 321 & echo $! > /tmp/bounded.pid; wait'`,
      { what: 'a target that outlives its wait', sshConfig: keys.sshConfig, timeoutMs: 45_000 },
    )
    t.equal(outlived.exitCode, TIMED_OUT)
    const onHost = (what: string, command: string) => runSsh(kept, command, { what, sshConfig: keys.sshConfig })
    t.equal((await onHost('the target started', 'test -s /tmp/bounded.pid')).exitCode, 0, 'the target had started')
    const ended = await poll({ phase: 'remote target teardown', timeoutMs: 60_000, everyMs: 500 }, async () => {
      const r = await onHost('the timed-out target is gone', '! kill -0 "$(cat /tmp/bounded.pid)"')
      return r.exitCode === 0 ? { done: true, value: true } : { done: false, state: `exit ${r.exitCode}` }
    })
    t.ok(ended, "the timed-out target's child is gone from the host")
    t.ok(existsSync(join(run.dir, 'summary.json')))
  },
)
