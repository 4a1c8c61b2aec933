// Guest commands shared by scenarios: the programs in roots/scripts, given
// only data. Payloads are generated on both sides (`seq`), so no file has to
// travel with the guest, and both sides check SHA-256.

const SEQ = 100_000 // 588,895 bytes

/** Receives the payload on `port` (ready once it listens), checks its SHA-256, and sends the hash back to the client's `port + 1`. */
export function tcpSink(client: string, port = 5000, count = SEQ): string[] {
  return ['tcp-sink', client, String(port), String(count)]
}

/** Sends the payload to the sink and checks the hash it reports back. */
export function tcpSource(server: string, port = 5000, connectTimeoutS = 10, count = SEQ): string[] {
  return ['tcp-source', server, String(port), String(connectTimeoutS), String(count)]
}

/** Pings three times; passes when even the fastest round trip took at least `ms`. */
export function pingAtLeast(address: string, ms: number): string[] {
  return ['ping-at-least', address, String(ms)]
}
