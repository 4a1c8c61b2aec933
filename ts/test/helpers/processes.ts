// Finding what a run left behind: processes whose command line mentions a path.
import { readdir, readFile } from 'node:fs/promises'

export async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = []
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes(text)) found.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`)
  }
  return found
}

/** Polls (bounded) until `enough` holds for the processes mentioning `text`. */
export async function untilProcesses(text: string, enough: (found: string[]) => boolean, timeoutMs = 60_000): Promise<string[]> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const found = await processesMentioning(text)
    if (enough(found)) return found
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`processes mentioning ${text} did not appear within ${timeoutMs / 1000}s`)
}
