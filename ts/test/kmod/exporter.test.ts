// The local live targets' scrape check: the page tcpstats-live-run prints
// between its markers is what promtool sees, and a page promtool refuses
// fails with its reason.
import { join } from 'node:path'
import t from 'tap'
import { checkScrape, scrapePageCollector } from '../../../pkgs/kmod/ts/exporter.js'
import { tempDir } from '../helpers/temp.js'

const GOOD = [
  '# HELP tcpstats_reads_total read() calls on /dev/tcpstats.',
  '# TYPE tcpstats_reads_total counter',
  'tcpstats_reads_total 12',
]

t.test('the page is the lines between the markers, without their prefix', async (t) => {
  const scrape = scrapePageCollector()
  t.equal(scrape.page(), undefined, 'nothing before the markers')
  for (const line of ['scrape-page: before begin', 'scrape-page begin', ...GOOD.map((l) => `scrape-page: ${l}`)])
    scrape.onLine(line)
  scrape.onLine('ok 1 not/part')
  scrape.onLine('scrape-page end')
  t.equal(scrape.page(), GOOD.join('\n') + '\n')
})

t.test('promtool passes a valid page and names the line count', async (t) => {
  const dir = await tempDir(t, 'vmgate-scrape-')
  const verdict = await checkScrape(GOOD.join('\n') + '\n', join(dir, 'scrape.txt'))
  t.same(verdict, { ok: true, line: 'live: promtool check metrics passed on a scrape (3 lines)' })
})

t.test('promtool refuses a broken page, and the verdict says why and where the page is', async (t) => {
  const dir = await tempDir(t, 'vmgate-scrape-')
  const verdict = await checkScrape(
    '# TYPE tcpstats_reads_total counter\ntcpstats_reads_total twelve\n',
    join(dir, 'p.txt'),
  )
  t.equal(verdict.ok, false)
  t.match(verdict.line, /^live: promtool check metrics failed \(exit \d+\) on the scrape in .*p\.txt: .+/)
})
