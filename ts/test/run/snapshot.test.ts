// Real guests restored from snapshots: fresh per-run state, fallback on a bad
// snapshot, and --cold. Each case uses a memory size of its own, so that its
// snapshot is its own and parallel test files cannot disturb it.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { vmgate } from '../helpers/cli.js'

interface Report {
  classification: { kind: string }
  boot: { mode: string; why?: string; snapshot?: string }
}

async function run(flags: string[], command: string[]) {
  const result = await vmgate(['run', '--json', ...flags, '--', ...command])
  return { ...result, report: JSON.parse(result.stdout || '{}') as Report }
}

t.test('two guests restored from one snapshot draw different random bytes and keys, on the host clock', async (t) => {
  const guest = ['--kernel', 'microvm-wg', '--root', 'relayroot', '--memory', '232']
  const script = 'head -c 16 /dev/urandom | od -An -tx1 | tr -d " \\n"; echo; wg genkey; date +%s'
  const first = await run(guest, ['true'])
  t.equal(first.exitCode, 0, first.stderr)
  t.match(first.report.boot.mode, /^(saved|restored)$/, 'the first run leaves a snapshot')
  const [a, b] = await Promise.all([run(guest, ['sh', '-c', script]), run(guest, ['sh', '-c', script])])
  const hostNow = Date.now() / 1000
  for (const restored of [a, b]) {
    t.equal(restored.exitCode, 0, restored.stderr)
    t.equal(restored.report.boot.mode, 'restored', restored.report.boot.why ?? 'restored')
  }
  const [outA, outB] = [a, b].map((r) => r.stderr.split('\n').filter((line) => /^\S+$/.test(line)))
  const [bytesA, keyA, clockA] = outA
  const [bytesB, keyB, clockB] = outB
  t.match(bytesA, /^[0-9a-f]{32}$/)
  t.not(bytesA, bytesB, '/dev/urandom differs')
  t.match(keyA, /^[A-Za-z0-9+/]{43}=$/)
  t.not(keyA, keyB, 'wg genkey differs')
  for (const clock of [clockA, clockB])
    t.ok(Math.abs(Number(clock) - hostNow) < 30, `guest clock ${clock} is the host's (${hostNow.toFixed(0)})`)
})

t.test('a corrupt snapshot falls back to a cold boot, with the reason, and is saved again', async (t) => {
  const guest = ['--memory', '236']
  const first = await run(guest, ['true'])
  t.equal(first.exitCode, 0, first.stderr)
  const snapshot = first.report.boot.snapshot
  if (!snapshot) return t.fail(`no snapshot after the first run: ${JSON.stringify(first.report.boot)}`)
  await writeFile(join(snapshot, 'state'), 'not a migration stream')
  const fallback = await run(guest, ['echo', 'still runs'])
  t.equal(fallback.exitCode, 0, fallback.stderr)
  t.match(fallback.stderr, /node: the snapshot failed to restore \(qemu failed .*\); booted cold/)
  t.match(fallback.stderr, /^still runs$/m)
  t.equal(fallback.report.boot.mode, 'saved', 'the cold boot saved a good one')
  const again = await run(guest, ['true'])
  t.equal(again.report.boot.mode, 'restored', again.report.boot.why ?? 'restored')
})

t.test('a snapshot whose kernel changed is not used', async (t) => {
  const first = await run(['--memory', '240'], ['true'])
  t.equal(first.exitCode, 0, first.stderr)
  const other = await run(['--memory', '240', '--kernel', 'microvm-kmod'], ['true'])
  t.equal(other.exitCode, 0, other.stderr)
  // On a warm store the other kernel's shape may have its own snapshot already: it must never be the first's.
  t.ok(other.report.boot.snapshot, 'the other kernel has a snapshot of its own')
  t.not(other.report.boot.snapshot, first.report.boot.snapshot, 'another kernel, another shape')
})

t.test('--cold boots for real and saves nothing; the argv has no QMP and no -incoming', async (t) => {
  const cold = await vmgate(['run', '--json', '--cold', '--', 'true'])
  t.equal(cold.exitCode, 0, cold.stderr)
  const report = JSON.parse(cold.stdout)
  t.match(report.boot, { mode: 'cold', why: 'snapshots off' })
  t.notOk(report.argv.includes('-qmp') || report.argv.includes('-incoming'))
  t.match(cold.stderr, /^PASS node \[accel \w+, microvm, cold,/m)
})
