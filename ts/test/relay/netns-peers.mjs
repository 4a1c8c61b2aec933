// Two UDP peers, run inside a network namespace by xdp.test.ts (Node's sockets
// can't join another namespace). One command per stdin line, one JSON reply per line:
//   send NAME TO_IP TO_PORT COUNT SIZE   COUNT transport-shaped datagrams (type 4), or
//                                        not WireGuard-shaped when SIZE is not a valid length
//   sendhex NAME TO_IP TO_PORT HEX       one datagram of exactly those bytes
//   take NAME                            what NAME received since the last take
// Peers: a and b, bound to the addresses and ports given as arguments, and
// a2: a's address, the next port (where a roams to).
import { Buffer } from 'node:buffer'
import dgram from 'node:dgram'
import readline from 'node:readline'

const [, , aAddr, aPort, bAddr, bPort] = process.argv
const peers = {}

async function bind(name, address, port) {
  // A big buffer: the test sends in bursts, and a drop here would look like the relay's.
  const sock = dgram.createSocket({ type: address.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 << 20 })
  const state = { sock, got: 0, from: null }
  sock.on('message', (msg, rinfo) => {
    state.got++
    state.from = `${rinfo.address}:${rinfo.port}`
  })
  await new Promise((resolve, reject) => {
    sock.once('error', reject)
    sock.bind(Number(port), address, resolve)
  })
  peers[name] = state
}

async function send(name, to, port, count, size) {
  const msg = Buffer.alloc(Number(size))
  msg[0] = 4
  for (let i = 0; i < Number(count); i++)
    await new Promise((resolve, reject) =>
      peers[name].sock.send(msg, Number(port), to, (e) => (e ? reject(e) : resolve())),
    )
  return { sent: Number(count) }
}

async function sendhex(name, to, port, hex) {
  const msg = Buffer.from(hex, 'hex')
  await new Promise((resolve, reject) =>
    peers[name].sock.send(msg, Number(port), to, (e) => (e ? reject(e) : resolve())),
  )
  return { sent: 1 }
}

function take(name) {
  const { got, from } = peers[name]
  peers[name].got = 0
  return { got, from }
}

await bind('a', aAddr, aPort)
await bind('b', bAddr, bPort)
await bind('a2', aAddr, Number(aPort) + 1)
console.log(JSON.stringify({ ready: true }))
for await (const line of readline.createInterface({ input: process.stdin })) {
  const [cmd, ...args] = line.trim().split(/\s+/)
  const verbs = { send, sendhex, take }
  const reply = verbs[cmd] ? await verbs[cmd](...args) : { error: `unknown '${line}'` }
  console.log(JSON.stringify(reply))
}
process.exit(0)
