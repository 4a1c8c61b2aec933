import t from 'tap'
import { parseFacts, refusal, remoteMake } from '../../../pkgs/kmod/ts/preflight.js'
import { remoteCommand } from '../../../pkgs/kmod/ts/remote.js'

const linux = parseFacts(
  [
    'os Linux',
    'release 6.1.192',
    'uid 0',
    'tool rsync /usr/bin/rsync',
    'tool make /usr/bin/make',
    'tool cc /usr/bin/cc',
    'no-tool clang',
    'no-tool valgrind',
    'kdir /lib/modules/6.1.192/build',
    'modules yes',
  ].join('\n'),
)
const freebsd = parseFacts(
  'os FreeBSD\nrelease 14.1-RELEASE\nuid 1001\ntool make /usr/bin/make\ntool gmake /usr/local/bin/gmake\ntool cc /usr/bin/cc\n',
)

t.test('the facts a host reports', async (t) => {
  t.match(linux, { os: 'Linux', release: '6.1.192', root: true, kdir: '/lib/modules/6.1.192/build', modules: true })
  t.equal(linux.tools.get('cc'), '/usr/bin/cc')
  t.equal(remoteMake(freebsd), 'gmake', "GNU make where make is BSD's")
})

t.test('a target is refused by name with what is missing, before it runs', async (t) => {
  t.equal(refusal('unit', linux), undefined)
  t.equal(refusal('live_smoke', linux), undefined)
  t.match(refusal('memcheck', linux), /^memcheck needs valgrind on this host, missing/)
  t.match(refusal('fuzz', linux), /^fuzz needs clang/)
  t.match(refusal('kmod', freebsd), /kmod builds and loads tcpstats.ko, a Linux module; this host runs FreeBSD/)
  t.match(refusal('live_smoke', { ...linux, root: false }), /log in as root/)
  t.match(
    refusal('kmod', { ...linux, kdir: undefined }),
    /the build tree of kernel 6.1.192 \(\/lib\/modules\/6.1.192\/build\)/,
  )
  t.equal(refusal('pkg_setup', { ...linux, tools: new Map() }), undefined, 'pkg_setup is what installs them')
})

t.test("each target's command line on the host", async (t) => {
  t.equal(
    remoteCommand('unit', freebsd, []),
    "cd '.vmgate-kmod' && sh remote/bounded.sh gmake --no-print-directory unit",
  )
  t.equal(
    remoteCommand('kmod', linux, []),
    "cd '.vmgate-kmod' && sh remote/bounded.sh make --no-print-directory kmod 'KDIR=/lib/modules/6.1.192/build'",
  )
  t.equal(
    remoteCommand('live_integration', linux, ['--category', 'port']),
    "cd '.vmgate-kmod' && sh remote/bounded.sh sh remote/live.sh 'live_integration' '--category' 'port'",
  )
  t.equal(
    remoteCommand('live_smoke', linux, ['--category', 'port']),
    "cd '.vmgate-kmod' && sh remote/bounded.sh sh remote/live.sh 'live_smoke'",
  )
  t.equal(remoteCommand('pkg_setup', linux, []), "cd '.vmgate-kmod' && sh remote/bounded.sh sh remote/pkg_setup.sh")
})
