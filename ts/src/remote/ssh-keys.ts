// The keys and configs of a set of guest sshd hosts, made fresh for each run
// into its directory and never kept: one host key (every host of the set
// answers with it under one alias), one client key, the sshd_config the guests
// read over 9p and the ssh_config that a runner's --ssh-config reads.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runTool } from '../proc.js'
import { tool } from '../toolchain/resolve.js'

export interface SshKeys {
  dir: string
  /** The client's ssh_config: the key to log in with and the one known host key. */
  sshConfig: string
  /** The guests' sshd_config. */
  sshdConfig: string
}

/** The name the host key is known by: every guest of the set, whatever its port. */
export const HOST_KEY_ALIAS = 'vmgate-sshd-host'

export function sshdConfigText(dir: string): string {
  return [
    'Port 22',
    'ListenAddress 0.0.0.0',
    `HostKey ${join(dir, 'host_ed25519')}`,
    `AuthorizedKeysFile ${join(dir, 'client_ed25519.pub')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // The guest has no PAM session to open, nor a pid file worth keeping.
    'UsePAM no',
    'PidFile none',
    // The keys sit in the run's directory on the host, seen over 9p with the host's modes.
    'StrictModes no',
    'PrintMotd no',
    '',
  ].join('\n')
}

export function sshConfigText(dir: string): string {
  return [
    'Host 127.0.0.1 localhost',
    `  HostKeyAlias ${HOST_KEY_ALIAS}`,
    `  IdentityFile ${join(dir, 'client_ed25519')}`,
    '  IdentitiesOnly yes',
    `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
    '  StrictHostKeyChecking yes',
    '',
  ].join('\n')
}

/** Generates both keys into `dir` and writes the configs beside them. */
export async function makeSshKeys(dir: string): Promise<SshKeys> {
  for (const name of ['host_ed25519', 'client_ed25519'])
    await runTool(
      tool('ssh-keygen'),
      ['-q', '-t', 'ed25519', '-N', '', '-C', `vmgate ${name}`, '-f', join(dir, name)],
      {
        what: `ssh-keygen ${name}`,
      },
    )
  const hostKey = (await readFile(join(dir, 'host_ed25519.pub'), 'utf8')).trim()
  await writeFile(join(dir, 'known_hosts'), `${HOST_KEY_ALIAS} ${hostKey}\n`)
  const keys = { dir, sshConfig: join(dir, 'ssh_config'), sshdConfig: join(dir, 'sshd_config') }
  await writeFile(keys.sshConfig, sshConfigText(dir))
  await writeFile(keys.sshdConfig, sshdConfigText(dir))
  return keys
}
