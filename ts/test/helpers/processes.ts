// Finding what a run left behind: processes whose command line mentions a path.
import { readdir, readFile } from 'node:fs/promises'
import { poll } from '../../src/wait.js'

export async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = []
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes(text)) found.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`)
  }
  return found
}

/** Polls (bounded) until `enough` holds for the processes mentioning `text`. */
export function untilProcesses(
  text: string,
  enough: (found: string[]) => boolean,
  timeoutMs = 60_000,
): Promise<string[]> {
  return poll({ phase: `processes mentioning ${text}`, timeoutMs, everyMs: 20 }, async () => {
    const found = await processesMentioning(text)
    return enough(found)
      ? { done: true, value: found }
      : { done: false, state: found.length ? found.join('; ') : 'none running' }
  })
}
