// Test configuration for an unmodified image goes in through firmware: SMBIOS
// type 11 strings, which systemd-stub and systemd read at boot. The API takes
// them as data; this turns them into qemu's -smbios arguments. Pure.
import { UsageError } from '../errors.js'

export interface SmbiosConfig {
  /** Words systemd-stub appends to the UKI's command line (console=ttyS1 …). */
  kernelCmdlineExtra?: string[]
  /** systemd credentials by name (tty.serial.ttyS1.agetty.autologin, ssh.authorized_keys.root …). */
  credentials?: Record<string, string>
}

const CREDENTIAL_NAME = /^[A-Za-z0-9_.@-]+$/

/** One -smbios type=11 pair per string; qemu's option syntax needs each comma doubled. */
export function smbiosArgs(config: SmbiosConfig): string[] {
  return smbiosStrings(config).flatMap((value) => ['-smbios', `type=11,value=${value.replace(/,/g, ',,')}`])
}

export function smbiosStrings(config: SmbiosConfig): string[] {
  const strings: string[] = []
  const extra = config.kernelCmdlineExtra ?? []
  if (extra.length > 0) strings.push(`io.systemd.stub.kernel-cmdline-extra=${extra.join(' ')}`)
  for (const [name, value] of Object.entries(config.credentials ?? {})) {
    if (!CREDENTIAL_NAME.test(name))
      throw new UsageError(`credential name '${name}': use letters, digits and . _ @ - only`)
    // A value that is not one printable line goes base64, as systemd's .binary form.
    strings.push(
      /^[\x20-\x7e]*$/.test(value)
        ? `io.systemd.credential:${name}=${value}`
        : `io.systemd.credential.binary:${name}=${Buffer.from(value).toString('base64')}`,
    )
  }
  return strings
}

/**
 * A test's usual console: the kernel's messages on `console` (added to the
 * command line) and root logged in there by agetty with no password
 * (login.noauth: util-linux login asks none for it), for the driver's openShell.
 * The serial getty waits for the console's device unit, which a loaded TCG
 * guest's udev can take longer than systemd's 90 s to announce (aarch64's
 * ttyAMA0 did: "Dependency failed for serial-getty"), so devices get longer.
 */
export function autologinConsole(console: string, credentials: Record<string, string> = {}): SmbiosConfig {
  return {
    kernelCmdlineExtra: [`console=${console}`, 'systemd.default_device_timeout_sec=900'],
    credentials: {
      [`tty.serial.${console}.agetty.autologin`]: 'root',
      [`tty.serial.${console}.login.noauth`]: 'yes',
      ...credentials,
    },
  }
}
