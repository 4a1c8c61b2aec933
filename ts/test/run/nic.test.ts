// Real guests: `vmgate run --nic` gives a single guest NICs, as a scenario node has.
import t from 'tap'
import { vmgate } from '../helpers/cli.js'

t.test('--nic gives the guest a NIC with its IPv4 and IPv6 addresses', async (t) => {
  const run = await vmgate(['run', '--nic', 'eth0=10.9.0.2/24,fd00:9::2/64', '--', 'ip', '-o', 'addr', 'show', 'eth0'])
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, /eth0\s+inet 10\.9\.0\.2\/24 /)
  t.match(run.stdout, /eth0\s+inet6 fd00:9::2\/64 /)
})

// The kernel names NICs in the order its drivers find them: by model first, so each NIC is found by its driver here.
t.test('each NIC has the model asked for and its own address (e1000 picks a PCI machine)', async (t) => {
  const script =
    'for n in eth0 eth1; do set -- $(ip -o -4 addr show $n); echo "$n $(basename $(readlink /sys/class/net/$n/device/driver)) $4"; done'
  const nics = ['--nic', 'eth0=10.9.0.2/24,model=e1000', '--nic', 'eth1=10.9.1.2/24']
  const run = await vmgate(['run', ...nics, '--', 'sh', '-c', script])
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, /^eth\d e1000 10\.9\.0\.2\/24$/m)
  t.match(run.stdout, /^eth\d virtio_net 10\.9\.1\.2\/24$/m)
  t.match(run.stderr, /PASS node \[accel \w+, q35/)
})

t.test('a model the machine lacks is a usage error (exit 2) naming the machine that has it', async (t) => {
  const run = await vmgate(['run', '--machine', 'microvm', '--nic', 'eth0=10.9.0.2/24,model=e1000', '--', 'true'])
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /vmgate run: x86_64 microvm has no NIC model 'e1000'; use machine 'q35'/)
})

t.test('a bad --nic value is a usage error quoting it', async (t) => {
  const run = await vmgate(['run', '--nic', 'eth0=10.9.0.2', '--', 'true'])
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /--nic 'eth0=10\.9\.0\.2': '10\.9\.0\.2' is not ADDRESS\/PREFIX-LENGTH/)
})
