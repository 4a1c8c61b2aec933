import t from 'tap'
import { imageArch } from '../../src/image/arch.js'
import { imageBootArgs, type ImageBootSpec } from '../../src/image/boot-args.js'

const spec: ImageBootSpec = {
  image: imageArch('x86_64'),
  accel: 'tcg',
  cpus: 2,
  memoryMib: 1024,
  firmware: { code: '/fw/code.fd', vars: '/run/vars.fd' },
  disk: '/store/disk.img',
  attached: ['/tmp/config.ext4'],
  sockets: { serials: { ttyS0: '/s/ttyS0.sock', ttyS1: '/s/ttyS1.sock' }, shell: '/s/shell.sock', qmp: '/s/qmp.sock' },
  nic: { socket: '/p/passt.sock', mac: '52:54:00:00:00:01' },
  smbios: { kernelCmdlineExtra: ['console=ttyS1'] },
}

t.test('q35 under UEFI: firmware read-only, private vars, the image behind a snapshot overlay', async (t) => {
  const argv = imageBootArgs(spec)
  t.equal(argv[argv.indexOf('-M') + 1], 'q35,accel=tcg')
  t.ok(argv.includes('if=pflash,format=raw,unit=0,readonly=on,file=/fw/code.fd'))
  t.ok(argv.includes('if=pflash,format=raw,unit=1,file=/run/vars.fd'))
  t.ok(argv.includes('if=none,id=disk0,format=raw,snapshot=on,file=/store/disk.img'), 'the image is never written')
  t.ok(argv.includes('if=none,id=disk1,format=raw,snapshot=on,file=/tmp/config.ext4'), 'attached disks follow it')
  t.equal(argv.filter((a) => a.startsWith('virtio-blk-pci')).length, 2)
})

t.test('consoles in order, the shell port, QMP, the NIC on passt and the SMBIOS string', async (t) => {
  const argv = imageBootArgs(spec)
  const serials = argv.flatMap((a, i) => (a === '-serial' ? [argv[i + 1]] : []))
  t.same(serials, ['chardev:ttyS0', 'chardev:ttyS1'])
  t.ok(argv.includes('virtserialport,chardev=shell,name=vmgate.shell'))
  t.ok(argv.includes('chardev=qmp,mode=control'))
  t.ok(argv.includes('stream,id=net0,server=off,addr.type=unix,addr.path=/p/passt.sock'))
  t.ok(argv.includes('type=11,value=io.systemd.stub.kernel-cmdline-extra=console=ttyS1'))
})

t.test('aarch64 boots virt with -cpu max', async (t) => {
  const argv = imageBootArgs({
    ...spec,
    image: imageArch('aarch64'),
    sockets: { ...spec.sockets, serials: { ttyAMA0: '/s/a.sock' } },
  })
  t.match(argv[argv.indexOf('-M') + 1], /^virt,/)
  t.match(argv[argv.indexOf('-cpu') + 1], /^max/)
  t.throws(() => imageArch('riscv64'), /no UEFI image support for arch 'riscv64'/)
})
