import t from 'tap'
import { autologinConsole, smbiosArgs, smbiosStrings } from '../../src/image/smbios.js'

t.test('kernel-cmdline-extra and credentials become type 11 strings', async (t) => {
  t.same(
    smbiosStrings({
      kernelCmdlineExtra: ['console=ttyS1', 'systemd.log_level=debug'],
      credentials: { 'tty.serial.ttyS1.agetty.autologin': 'root' },
    }),
    [
      'io.systemd.stub.kernel-cmdline-extra=console=ttyS1 systemd.log_level=debug',
      'io.systemd.credential:tty.serial.ttyS1.agetty.autologin=root',
    ],
  )
})

t.test('commas are doubled for qemu, multi-line values go base64', async (t) => {
  t.same(smbiosArgs({ credentials: { a: 'x,y' } }), ['-smbios', 'type=11,value=io.systemd.credential:a=x,,y'])
  t.same(smbiosStrings({ credentials: { key: 'line1\nline2\n' } }), [
    `io.systemd.credential.binary:key=${Buffer.from('line1\nline2\n').toString('base64')}`,
  ])
})

t.test('a bad credential name is a usage error naming it', async (t) => {
  t.throws(() => smbiosStrings({ credentials: { 'bad name': 'x' } }), /credential name 'bad name'/)
})

t.test('nothing asked, nothing passed', async (t) => {
  t.same(smbiosArgs({}), [])
})

t.test("a test's console: the kernel's messages and root's autologin on it, plus its own credentials", async (t) => {
  t.same(smbiosStrings(autologinConsole('ttyAMA0', { 'vmgate.probe': 'x' })), [
    'io.systemd.stub.kernel-cmdline-extra=console=ttyAMA0 systemd.default_device_timeout_sec=900',
    'io.systemd.credential:tty.serial.ttyAMA0.agetty.autologin=root',
    'io.systemd.credential:tty.serial.ttyAMA0.login.noauth=yes',
    'io.systemd.credential:vmgate.probe=x',
  ])
})
