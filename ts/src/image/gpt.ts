// A GUID partition table, as bytes: the protective MBR, the primary header and
// entries at the start, their backup at the end. Pure, so a disk is laid out
// the same way on every machine and without loop devices or sfdisk.
const SECTOR = 512
const ENTRIES = 128
const ENTRY_SIZE = 128
const ENTRY_SECTORS = (ENTRIES * ENTRY_SIZE) / SECTOR
/** Partitions start on 1 MiB boundaries, as partitioning tools align them. */
export const ALIGN_SECTORS = 2048

export interface Partition {
  name: string
  type: string
  guid: string
  /** First and last sector, inclusive. */
  first: number
  last: number
}

export interface Layout {
  diskGuid: string
  sectors: number
  partitions: Partition[]
}

/** Places partitions of the given sizes one after another, aligned, and sizes the disk to hold them. */
export function layout(diskGuid: string, parts: Array<Omit<Partition, 'first' | 'last'> & { bytes: number }>): Layout {
  let next = ALIGN_SECTORS
  const partitions = parts.map(({ bytes, ...part }) => {
    const first = next
    const last = first + Math.ceil(bytes / SECTOR) - 1
    next = Math.ceil((last + 1) / ALIGN_SECTORS) * ALIGN_SECTORS
    return { ...part, first, last }
  })
  return { diskGuid, sectors: next + 1 + ENTRY_SECTORS, partitions }
}

/** The sectors at the start of the disk (MBR, header, entries) and at its end (entries, header). */
export function gptBytes(disk: Layout): { head: Buffer; tail: Buffer } {
  const entries = entryArray(disk.partitions)
  const lastLba = disk.sectors - 1
  const primary = header(disk, entries, { current: 1, backup: lastLba, entriesAt: 2 })
  const backup = header(disk, entries, { current: lastLba, backup: 1, entriesAt: lastLba - ENTRY_SECTORS })
  return {
    head: Buffer.concat([protectiveMbr(disk.sectors), primary, entries]),
    tail: Buffer.concat([entries, backup]),
  }
}

function protectiveMbr(sectors: number): Buffer {
  const mbr = Buffer.alloc(SECTOR)
  const entry = 446
  mbr.set([0x00, 0x00, 0x02, 0x00, 0xee, 0xff, 0xff, 0xff], entry)
  mbr.writeUInt32LE(1, entry + 8)
  mbr.writeUInt32LE(Math.min(sectors - 1, 0xffffffff), entry + 12)
  mbr.writeUInt16LE(0xaa55, 510)
  return mbr
}

function header(disk: Layout, entries: Buffer, at: { current: number; backup: number; entriesAt: number }): Buffer {
  const h = Buffer.alloc(SECTOR)
  h.write('EFI PART', 0, 'latin1')
  h.writeUInt32LE(0x00010000, 8)
  h.writeUInt32LE(92, 12)
  h.writeBigUInt64LE(BigInt(at.current), 24)
  h.writeBigUInt64LE(BigInt(at.backup), 32)
  h.writeBigUInt64LE(BigInt(2 + ENTRY_SECTORS), 40)
  h.writeBigUInt64LE(BigInt(disk.sectors - 2 - ENTRY_SECTORS), 48)
  guidBytes(disk.diskGuid).copy(h, 56)
  h.writeBigUInt64LE(BigInt(at.entriesAt), 72)
  h.writeUInt32LE(ENTRIES, 80)
  h.writeUInt32LE(ENTRY_SIZE, 84)
  h.writeUInt32LE(crc32(entries), 88)
  h.writeUInt32LE(crc32(h.subarray(0, 92)), 16)
  return h
}

function entryArray(partitions: Partition[]): Buffer {
  const array = Buffer.alloc(ENTRIES * ENTRY_SIZE)
  partitions.forEach((part, i) => {
    const at = i * ENTRY_SIZE
    guidBytes(part.type).copy(array, at)
    guidBytes(part.guid).copy(array, at + 16)
    array.writeBigUInt64LE(BigInt(part.first), at + 32)
    array.writeBigUInt64LE(BigInt(part.last), at + 40)
    array.write(part.name.slice(0, 36), at + 56, 'utf16le')
  })
  return array
}

/** A GUID's on-disk form: the first three fields little-endian, the rest as written. */
export function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '')
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a GUID: ${guid}`)
  const b = Buffer.from(hex, 'hex')
  return Buffer.concat([
    b.subarray(0, 4).reverse(),
    b.subarray(4, 6).reverse(),
    b.subarray(6, 8).reverse(),
    b.subarray(8),
  ])
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

export const SECTOR_BYTES = SECTOR
