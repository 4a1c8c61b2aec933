// tcpstats-exporter in the local live targets' guests. It links the host's
// libmicrohttpd (and through it gnutls), which have no complete static build
// in Debian, so it is built here on the host and goes into the guest with its
// shared libraries (as --add does). tcpstats-live-run prints the last page
// tcpstats-live scraped between `scrape-page begin` and `end`; promtool
// checks that page here, on the host.
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { projectRoot } from '../../../ts/src/paths.js'
import { runTool, startProcess } from '../../../ts/src/proc.js'
import { tool } from '../../../ts/src/toolchain/resolve.js'

export const EXPORTER_GUEST_PATH = '/usr/local/bin/tcpstats-exporter'

/** Builds tcpstats-exporter into `dir`; its path. */
export async function buildExporter(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  const include = dirname(tool('libmicrohttpd'))
  await runTool(
    tool('make'),
    [
      '-s',
      '-C',
      join(projectRoot(), 'pkgs/kmod/user'),
      `OUT=${dir}`,
      `CC=${tool('cc-x86_64')}`,
      `CFLAGS=-O2 -g -I${include}`,
      'exporter',
    ],
    { what: 'build tcpstats-exporter' },
  )
  return join(dir, 'tcpstats-exporter')
}

const PAGE_LINE = /^scrape-page: ?(.*)$/

/** Collects the scraped page from a target's output lines. */
export function scrapePageCollector(): { onLine: (line: string) => void; page: () => string | undefined } {
  let lines: string[] | undefined
  return {
    onLine: (line) => {
      if (line === 'scrape-page begin') lines = []
      const m = PAGE_LINE.exec(line)
      if (m && lines) lines.push(m[1])
    },
    page: () => (lines && lines.length > 0 ? lines.join('\n') + '\n' : undefined),
  }
}

export interface PromtoolVerdict {
  ok: boolean
  /** One line for the target's output. */
  line: string
}

/** `promtool check metrics` on the page (kept as `file`). */
export async function checkScrape(page: string, file: string): Promise<PromtoolVerdict> {
  await writeFile(file, page)
  const said: string[] = []
  const child = startProcess(tool('promtool'), ['check', 'metrics'], {
    what: 'promtool check metrics',
    stdin: 'pipe',
    stdout: (l) => said.push(l),
    stderr: (l) => said.push(l),
  })
  child.stdin?.end(page)
  const exit = await child.exited
  const lines = page.trimEnd().split('\n').length
  if (exit.code === 0) return { ok: true, line: `live: promtool check metrics passed on a scrape (${lines} lines)` }
  const why = [...said, exit.stderr].filter((l) => l.trim() !== '').join(' | ')
  return {
    ok: false,
    line: `live: promtool check metrics failed (exit ${exit.code ?? exit.signal}) on the scrape in ${file}: ${why}`,
  }
}
