import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { HOST_KEY_ALIAS, makeSshKeys } from '../../src/remote/ssh-keys.js'
import { tempDir } from '../helpers/temp.js'

t.test('fresh keys: the client knows the host key under one alias and logs in with its own key only', async (t) => {
  const dir = await tempDir(t, 'vmgate-keys-')
  const keys = await makeSshKeys(dir)
  const hostKey = (await readFile(join(dir, 'host_ed25519.pub'), 'utf8')).trim()
  t.equal(await readFile(join(dir, 'known_hosts'), 'utf8'), `${HOST_KEY_ALIAS} ${hostKey}\n`)
  const client = await readFile(keys.sshConfig, 'utf8')
  t.match(client, new RegExp(`HostKeyAlias ${HOST_KEY_ALIAS}`))
  t.match(client, /IdentitiesOnly yes[\s\S]*StrictHostKeyChecking yes/)
  const server = await readFile(keys.sshdConfig, 'utf8')
  t.match(server, new RegExp(`AuthorizedKeysFile ${join(dir, 'client_ed25519.pub')}`))
  t.match(server, /PasswordAuthentication no/)
  t.equal((await stat(join(dir, 'host_ed25519'))).mode & 0o077, 0, 'the private key is private')
  const again = await makeSshKeys(await tempDir(t, 'vmgate-keys-'))
  t.not(await readFile(join(again.dir, 'host_ed25519.pub'), 'utf8'), hostKey, 'each run makes its own')
})
