import t from 'tap'
import { parseHostSpec, sshOptions } from '../../src/remote/ssh.js'

t.test('a host is [USER@]HOST[:PORT]; the port goes to -p, the label stays as given', async (t) => {
  t.same(parseHostSpec('root@127.0.0.1:2201'), {
    label: 'root@127.0.0.1:2201',
    destination: 'root@127.0.0.1',
    port: 2201,
  })
  t.same(parseHostSpec('ci@freebsd-14'), { label: 'ci@freebsd-14', destination: 'ci@freebsd-14' })
  t.same(parseHostSpec('fd00::1'), { label: 'fd00::1', destination: 'fd00::1' }, 'an IPv6 address is not host:port')
  t.throws(() => parseHostSpec('h:70000'), { name: 'UsageError', message: /port 70000 is not in 1\.\.65535/ })
  t.throws(() => parseHostSpec('a b'), { name: 'UsageError', message: /use \[USER@\]HOST\[:PORT\]/ })
})

t.test('ssh never prompts, keeps the connection alive, and reads the config given', async (t) => {
  const options = sshOptions(parseHostSpec('root@127.0.0.1:2201'), '/run/ssh_config')
  t.same(options.slice(0, 2), ['-F', '/run/ssh_config'])
  t.match(options.join(' '), /-o BatchMode=yes .*-o ServerAliveInterval=15 .*-p 2201$/)
  t.notOk(sshOptions(parseHostSpec('h')).includes('-F'), '~/.ssh/config applies without one')
})
