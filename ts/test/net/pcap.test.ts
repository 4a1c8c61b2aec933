import { execa } from 'execa'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { pcapHeader, pcapRecord } from '../../src/net/pcap.js'
import { tool } from '../../src/toolchain/resolve.js'
import { tempDir } from '../helpers/temp.js'

t.test('tcpdump reads the frames back', async (t) => {
  const dir = await tempDir(t, 'vmgate-pcap-')
  // An ARP request: broadcast destination, type 0x0806.
  const arp = Buffer.from('ffffffffffff525400000001080600010800060400015254000000010a0000010000000000000a000002', 'hex')
  await writeFile(
    join(dir, 'l.pcap'),
    Buffer.concat([pcapHeader(), pcapRecord(arp, 1_700_000_000_123), pcapRecord(arp, 1_700_000_000_456)]),
  )
  const read = await execa(tool('tcpdump'), ['-nr', join(dir, 'l.pcap')])
  const lines = read.stdout.trim().split('\n')
  t.equal(lines.length, 2)
  t.match(lines[0], /ARP, Request who-has 10\.0\.0\.2 tell 10\.0\.0\.1/)
})
