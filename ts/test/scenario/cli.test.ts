// vmgate scenario list|run, end to end with real guests.
import { execa } from 'execa'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { CLI, vmgate } from '../helpers/cli.js'
import { processesMentioning, untilProcesses } from '../helpers/processes.js'
import { tempDir } from '../helpers/temp.js'

t.test('list shows every scenario with its tags', async (t) => {
  const run = await vmgate(['scenario', 'list'])
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, /^tcp\[link=direct,impairment=none\]\s+\[tcp, direct\]/m)
  t.match(run.stdout, /^tcp-cut-heal\s+\[tcp, emulated, resilience\]/m)
})

t.test('unknown names and empty selections are usage errors', async (t) => {
  for (const args of [
    ['scenario', 'run', 'nope'],
    ['scenario', 'run'],
    ['scenario', 'run', '--tag', 'zzz'],
    ['scenario', 'run', '--concurrency', 'lots', '--tag', 'tcp'],
  ]) {
    const run = await vmgate(args)
    t.equal(run.exitCode, 2, `${args.join(' ')}: ${run.all}`)
  }
})

t.test('a run writes results/<run-id>/ with logs, summary.json, junit.xml and a latest link', async (t) => {
  const results = await tempDir(t, 'vmgate-results-')
  const run = await vmgate(['scenario', 'run', 'tcp[link=direct,impairment=none]', '--results', results])
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, /^1 passed, 0 failed$/m)
  const latest = join(results, 'latest')
  const summary = JSON.parse(await readFile(join(latest, 'summary.json'), 'utf8'))
  t.match(summary, { passed: 1, failed: 0, scenarios: [{ name: 'tcp[link=direct,impairment=none]', passed: true }] })
  t.match(await readFile(join(latest, 'junit.xml'), 'utf8'), /<testsuite name="vmgate" tests="1" failures="0"/)
  const dir = join(latest, 'tcp_link=direct,impairment=none_')
  for (const node of ['server', 'client']) {
    t.match(
      await readFile(join(dir, node, 'console.log'), 'utf8'),
      /reboot: Restarting system/,
      `${node} console log kept`,
    )
    t.match(await readFile(join(dir, node, 'output.log'), 'utf8'), /sha256/, `${node} output log kept`)
  }
  t.ok(existsSync(join(dir, 'client', 'channel.log')))
  t.match(
    await readFile(join(dir, 'client', 'output.log'), 'utf8'),
    /^source: sent \d+ bytes/m,
    'the command output, plain',
  )
  // The direct link's frames, captured by qemu: a pcap header and the TCP exchange (far more than a header).
  const pcap = await readFile(join(dir, 'l0.pcap'))
  t.equal(pcap.readUInt32LE(0), 0xa1b2c3d4, 'pcap magic')
  t.ok(pcap.length > 500_000, `${pcap.length} bytes captured`)
  t.match(
    summary.scenarios[0].runs[0].phases.map((p: { name: string }) => p.name),
    ['prepare', 'boot', 'end'],
  )
})

t.test('Ctrl-C in the middle of a parallel run leaves no qemu and no link process', async (t) => {
  const dir = await tempDir(t, 'vmgate-interrupt-')
  const results = await tempDir(t, 'vmgate-results-')
  const child = execa(
    process.execPath,
    [CLI, 'scenario', 'run', '--tag', 'emulated', '--concurrency', '2', '--accel', 'tcg', '--results', results],
    { env: { TMPDIR: dir }, reject: false, all: true },
  )
  const started = untilProcesses(
    dir,
    (found) => found.filter((p) => p.includes('qemu-system')).length >= 2 && found.some((p) => p.includes('link')),
  )
  const ended = child.then(() => 'ended' as const)
  t.not(await Promise.race([started, ended]), 'ended', 'two guests and a link process were running')
  child.kill('SIGINT')
  const result = await child
  t.equal(result.exitCode, 130, result.all)
  t.same(await processesMentioning(dir), [], 'no qemu or link process is left')
  t.same(await readdir(dir), [], 'no temp dir is left')
})
