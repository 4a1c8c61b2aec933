// How a command runs over the machine's shell port and how its result is found
// again. The command travels base64-encoded (no quoting, one line), runs with
// stdin from /dev/null (so it can't eat the next command), and its output is
// framed by markers that carry a per-command id and start with a control
// character (RS) no prompt or output contains by accident: a prompt printed by
// the command can't desynchronise the stream. Pure.
const RS = '\x1e'

export interface CommandResult {
  status: number
  output: string
}

/** The line the guest's sh reads: start marker, the command in a subshell, end marker with $?. */
export function commandLine(id: string, command: string): string {
  const encoded = Buffer.from(command).toString('base64')
  return (
    `printf '\\036S:${id}\\n'; ` +
    `( eval "$(printf %s '${encoded}' | base64 -d)" ) </dev/null 2>&1; ` +
    `printf '\\036E:${id}:%d\\n' "$?"\n`
  )
}

/** Matches one command's framed output in the shell port's transcript. */
export function resultPattern(id: string): RegExp {
  return new RegExp(`${RS}S:${id}\\n([\\s\\S]*?)${RS}E:${id}:(\\d+)\\n`)
}

export function parseResult(match: RegExpExecArray): CommandResult {
  return { output: match[1], status: Number(match[2]) }
}
