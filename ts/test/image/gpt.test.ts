import t from 'tap'
import { crc32, gptBytes, guidBytes, layout } from '../../src/image/gpt.js'

const ESP = 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b'
const ROOT = '4f68bce3-e8cd-4db1-96e7-fbcaf984b709'

t.test('crc32 is the IEEE one GPT uses', async (t) => {
  t.equal(crc32(Buffer.from('123456789')), 0xcbf43926)
})

t.test('a GUID is stored with its first three fields little-endian', async (t) => {
  t.equal(guidBytes(ESP).toString('hex'), '28732ac11ff8d211ba4b00a0c93ec93b')
  t.throws(() => guidBytes('not-a-guid'), /not a GUID/)
})

t.test('partitions are 1 MiB aligned and the disk holds the backup table', async (t) => {
  const disk = layout('11111111-2222-4333-8444-555555555555', [
    { name: 'ESP', type: ESP, guid: '21111111-2222-4333-8444-555555555555', bytes: 128 << 20 },
    { name: 'root', type: ROOT, guid: '31111111-2222-4333-8444-555555555555', bytes: (1 << 20) + 1 },
  ])
  t.same(
    disk.partitions.map((p) => [p.first, p.last]),
    [
      [2048, 2048 + 262144 - 1],
      [264192, 264192 + 2049 - 1],
    ],
  )
  t.ok(disk.sectors - 34 >= disk.partitions[1].last, 'the last partition ends before the backup entries')
})

t.test('headers carry valid CRCs and point at each other', async (t) => {
  const disk = layout('11111111-2222-4333-8444-555555555555', [
    { name: 'root', type: ROOT, guid: '31111111-2222-4333-8444-555555555555', bytes: 4096 },
  ])
  const { head, tail } = gptBytes(disk)
  t.equal(head.readUInt16LE(510), 0xaa55, 'protective MBR signature')
  t.equal(head[446 + 4], 0xee, 'protective partition type')
  const primary = head.subarray(512, 1024)
  t.equal(primary.subarray(0, 8).toString('latin1'), 'EFI PART')
  const check = Buffer.from(primary.subarray(0, 92))
  const stored = check.readUInt32LE(16)
  check.writeUInt32LE(0, 16)
  t.equal(crc32(check), stored, 'header CRC')
  t.equal(primary.readUInt32LE(88), crc32(head.subarray(1024)), 'entries CRC')
  t.equal(Number(primary.readBigUInt64LE(32)), disk.sectors - 1, 'the backup header is the last sector')
  const backup = tail.subarray(tail.length - 512)
  t.equal(Number(backup.readBigUInt64LE(24)), disk.sectors - 1)
  t.equal(Number(backup.readBigUInt64LE(72)), disk.sectors - 33, 'backup entries sit just before it')
  t.equal(head.subarray(1024 + 56, 1024 + 64).toString('utf16le'), 'root', 'the partition name')
})
