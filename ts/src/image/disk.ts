// Writes a GPT disk image from partition images: the table from gpt.ts, each
// partition copied in at its offset. All-zero blocks are skipped, so the disk
// stays sparse and the copy is quick.
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { gptBytes, layout, SECTOR_BYTES, type Partition } from './gpt.js'

export interface PartitionImage extends Omit<Partition, 'first' | 'last'> {
  /** A file holding the filesystem, written whole into the partition. */
  file: string
}

export async function writeDisk(out: string, diskGuid: string, parts: PartitionImage[]): Promise<void> {
  const sized = await Promise.all(parts.map(async (part) => ({ ...part, bytes: (await stat(part.file)).size })))
  const disk = layout(diskGuid, sized)
  const { head, tail } = gptBytes(disk)
  const fd = await open(out, 'w')
  try {
    await fd.truncate(disk.sectors * SECTOR_BYTES)
    await fd.write(head, 0, head.length, 0)
    await fd.write(tail, 0, tail.length, disk.sectors * SECTOR_BYTES - tail.length)
    for (const [i, part] of disk.partitions.entries()) await copyInto(fd, sized[i].file, part.first * SECTOR_BYTES)
  } finally {
    await fd.close()
  }
}

async function copyInto(fd: Awaited<ReturnType<typeof open>>, file: string, offset: number): Promise<void> {
  let position = offset
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let at = 0; at < chunk.length; at += 65536) {
      const block = chunk.subarray(at, at + 65536)
      if (!isZero(block)) await fd.write(block, 0, block.length, position + at)
    }
    position += chunk.length
  }
}

function isZero(block: Buffer): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false
  return true
}

/** sha256 of a file, streamed. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
