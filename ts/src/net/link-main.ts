// The link process: both qemu ends of an emulated link connect here (netdev
// stream over unix sockets, each frame prefixed by its 4-byte length). Frames
// are shaped per direction, written to the link's pcap, counted, and forwarded.
// The parent controls it over IPC: set impairments, cut, heal, read counters.
import { createWriteStream, openSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { Impairment, Shaper, seedFor } from './impairment.js'
import { pcapHeader, pcapRecord } from './pcap.js'
import {
  newCounters,
  type Direction,
  type LinkCommand,
  type LinkConfig,
  type LinkCounters,
  type LinkStats,
} from './link-protocol.js'

const MAX_RECORDED_DROPS = 10_000

const config: LinkConfig = JSON.parse(process.argv[2])
const sockets: Partial<Record<'a' | 'b', Socket>> = {}
// Opened synchronously: a pcap that cannot be written stops the link before it listens.
const pcap = config.pcapPath ? createWriteStream('', { fd: openSync(config.pcapPath, 'w') }) : undefined
pcap?.write(pcapHeader())
const counters: Record<Direction, LinkCounters> = { ab: newCounters(), ba: newCounters() }
const shapers: Record<Direction, Shaper> = {
  ab: new Shaper(Impairment.parse(config.impairment), seedFor(config.seed, config.name, 'ab')),
  ba: new Shaper(Impairment.parse(config.impairment), seedFor(config.seed, config.name, 'ba')),
}

function forward(direction: Direction, frame: Buffer): void {
  const count = counters[direction]
  const { index, departures, reason } = shapers[direction].decide(performance.now(), frame.length)
  count.rxFrames++
  if (reason) {
    count[reason === 'cut' ? 'droppedCut' : 'droppedLoss']++
    if (reason === 'loss' && count.lossIndices.length < MAX_RECORDED_DROPS) count.lossIndices.push(index)
    return
  }
  if (departures.length > 1) count.duplicated++
  for (const { at } of departures) when(at, () => deliver(direction, frame))
}

/** Runs `fn` at `at` and never before: timers go by the loop's cached clock and can fire early. */
function when(at: number, fn: () => void): void {
  const wait = at - performance.now()
  if (wait <= 0) return fn()
  setTimeout(() => when(at, fn), Math.ceil(wait))
}

function deliver(direction: Direction, frame: Buffer): void {
  const to = sockets[direction === 'ab' ? 'b' : 'a']
  if (!to || to.destroyed) return void counters[direction].droppedUnconnected++
  const length = Buffer.alloc(4)
  length.writeUInt32BE(frame.length)
  to.write(Buffer.concat([length, frame]))
  pcap?.write(pcapRecord(frame, Date.now()))
  counters[direction].txFrames++
}

/** Splits the stream into length-prefixed frames. */
function attach(end: 'a' | 'b', socket: Socket): void {
  sockets[end] = socket
  let pending = Buffer.alloc(0)
  socket.on('error', () => {})
  socket.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
    while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
      const size = pending.readUInt32BE(0)
      forward(end === 'a' ? 'ab' : 'ba', pending.subarray(4, 4 + size))
      pending = pending.subarray(4 + size)
    }
  })
}

function stats(): LinkStats {
  const cpu = process.cpuUsage()
  return { ...counters, cpuMs: (cpu.user + cpu.system) / 1000, aliveMs: performance.now() }
}

function apply(command: LinkCommand): unknown {
  const directions: Direction[] = 'direction' in command && command.direction ? [command.direction] : ['ab', 'ba']
  switch (command.op) {
    case 'set':
      for (const d of directions) shapers[d].impairment = Impairment.parse(command.impairment)
      return { ok: true }
    case 'cut':
    case 'heal':
      for (const d of directions) shapers[d].cut = command.op === 'cut'
      return { ok: true }
    case 'counters':
      return { ok: true, counters: stats() }
    case 'stop':
      if (pcap) pcap.end(() => process.exit(0))
      else setImmediate(() => process.exit(0))
      return { ok: true, counters: stats() }
  }
}

let listening = 0
for (const end of ['a', 'b'] as const) {
  createServer((socket) => attach(end, socket)).listen(join(config.dir, `${config.name}.${end}.sock`), () => {
    if (++listening === 2) process.send!({ event: 'listening' })
  })
}
process.on('message', (message: { id: number; command: LinkCommand }) => {
  let reply: unknown
  try {
    reply = apply(message.command)
  } catch (error) {
    reply = { ok: false, error: (error as Error)?.message ?? String(error) }
  }
  process.send!({ id: message.id, reply })
})
// The parent is gone: nobody will read this link again.
process.on('disconnect', () => process.exit(0))
