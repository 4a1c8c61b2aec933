// tcpstats in vmgate: `vmgate kmod`, its suite runner (host, live and remote
// targets, ts/), and `vmgate sshd-host`, the guest sshd hosts it runs against.
import type { Extension } from '../../ts/src/project/extension.js'
import { kmodCommand } from './ts/command.js'
import { sshdHostCommand } from './ts/sshd-host-command.js'

export const extension: Extension = { commands: [kmodCommand, sshdHostCommand] }
