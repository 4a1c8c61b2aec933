// pcap (libpcap classic format) for Ethernet frames: what tcpdump -r reads.

const LINKTYPE_ETHERNET = 1
const SNAPLEN = 65535

export function pcapHeader(): Buffer {
  const header = Buffer.alloc(24)
  header.writeUInt32LE(0xa1b2c3d4, 0) // magic, microsecond timestamps
  header.writeUInt16LE(2, 4)
  header.writeUInt16LE(4, 6)
  header.writeUInt32LE(SNAPLEN, 16)
  header.writeUInt32LE(LINKTYPE_ETHERNET, 20)
  return header
}

export function pcapRecord(frame: Uint8Array, epochMs: number): Buffer {
  const header = Buffer.alloc(16)
  const seconds = Math.floor(epochMs / 1000)
  header.writeUInt32LE(seconds, 0)
  header.writeUInt32LE(Math.floor((epochMs - seconds * 1000) * 1000), 4)
  const captured = Math.min(frame.length, SNAPLEN)
  header.writeUInt32LE(captured, 8)
  header.writeUInt32LE(frame.length, 12)
  return Buffer.concat([header, frame.subarray(0, captured)])
}
