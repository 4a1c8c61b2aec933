// Two network namespaces for relayd's XDP tests (as root): `r` holds relayd
// with two veth NICs, r0 and r1; `p` holds their peers' ends, a0 and b0, where
// peer a (10.9.1.2) and peer b (10.9.2.2) live, one subnet each, as in the
// guest scenarios. The peers are a Node script run inside `p`.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { promisify } from 'node:util'
import type { Test } from 'tap'
import { tool } from '../../src/toolchain/resolve.js'
import { waitFor } from '../../src/wait.js'
import { RELAY_DIR, waitUntil } from './harness.js'

const run = promisify(execFile)

const PORTS = { aPort: 40001, bPort: 40002, relayPort: 51000 }
export const NET = { relayA: '10.9.1.1', a: '10.9.1.2', relayB: '10.9.2.1', b: '10.9.2.2', ...PORTS }
export const NET6 = { relayA: 'fd09:1::1', a: 'fd09:1::2', relayB: 'fd09:2::1', b: 'fd09:2::2', ...PORTS }
export type Net = typeof NET
export const endpoint = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`)
const PASS_PROGRAM = path.join(RELAY_DIR, 'build/xdp_fwd.bpf.o')

/** Why these tests can't run here, or undefined. Needs root; the tools themselves are the toolchain's. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, XDP)'
  return undefined
}

export async function ip(...args: string[]): Promise<string> {
  return (await run(tool('iproute2-ip'), args)).stdout
}

async function inNs(ns: string, file: string, ...args: string[]): Promise<string> {
  return (await run(tool('iproute2-ip'), ['netns', 'exec', ns, file, ...args])).stdout
}

export interface Netns {
  relay: string
  peers: string
  /** Runs `ip` inside the relay's namespace. */
  relayIp(...args: string[]): Promise<string>
  /** The prefix that runs a program inside the relay's namespace. */
  exec: string[]
}

type Side = 'A' | 'B'

async function addVeth(r: string, p: string, relayEnd: string, peerEnd: string, side: Side) {
  await ip('link', 'add', relayEnd, 'netns', r, 'type', 'veth', 'peer', 'name', peerEnd, 'netns', p)
  const peer = side === 'A' ? 'a' : 'b'
  await ip('-n', r, 'addr', 'add', `${NET[`relay${side}`]}/24`, 'dev', relayEnd)
  await ip('-n', p, 'addr', 'add', `${NET[peer]}/24`, 'dev', peerEnd)
  // nodad: usable at once, not after duplicate address detection.
  await ip('-n', r, 'addr', 'add', `${NET6[`relay${side}`]}/64`, 'dev', relayEnd, 'nodad')
  await ip('-n', p, 'addr', 'add', `${NET6[peer]}/64`, 'dev', peerEnd, 'nodad')
  await ip('-n', r, 'link', 'set', relayEnd, 'up')
  await ip('-n', p, 'link', 'set', peerEnd, 'up')
  // A frame relayd redirects must carry a full UDP checksum: a veth sender's is partial (offloaded) otherwise.
  await inNs(p, tool('ethtool'), '-K', peerEnd, 'tx', 'off')
  // veth delivers a redirected frame only to a peer running XDP: any program will do (this one passes all, unconfigured).
  await ip('-n', p, 'link', 'set', 'dev', peerEnd, 'xdp', 'obj', PASS_PROGRAM, 'sec', 'xdp')
  // relayd's bpf_fib_lookup routes only on a forwarding interface (relayd refuses to attach otherwise).
  for (const family of ['ipv4', 'ipv6'])
    await inNs(r, 'sh', '-c', `echo 1 > /proc/sys/net/${family}/conf/${relayEnd}/forwarding`)
}

/** Creates both namespaces and their veths; the teardown deletes them (and the veths with them). */
export async function makeNetns(t: Test): Promise<Netns> {
  const id = `vmgx${process.pid}`
  const [relay, peers] = [`${id}r`, `${id}p`]
  await ip('netns', 'add', relay)
  t.teardown(() => ip('netns', 'del', relay).catch(() => {}))
  await ip('netns', 'add', peers)
  t.teardown(() => ip('netns', 'del', peers).catch(() => {}))
  await ip('-n', relay, 'link', 'set', 'lo', 'up')
  await addVeth(relay, peers, 'r0', 'a0', 'A')
  await addVeth(relay, peers, 'r1', 'b0', 'B')
  return {
    relay,
    peers,
    relayIp: (...args) => ip('-n', relay, ...args),
    exec: [tool('iproute2-ip'), 'netns', 'exec', relay],
  }
}

/** a, b, and a2: a's address on the next port, where a roams to. */
export type PeerName = 'a' | 'b' | 'a2'

/** Peers a and b inside the peers' namespace, driven a line at a time. */
export class NsPeers {
  private replies: string[] = []
  private waiting?: (line: string) => void
  private constructor(
    private child: ChildProcess,
    readonly net: Net,
  ) {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (this.waiting) this.waiting(line)
      else this.replies.push(line)
    })
  }

  /** `net`: NET6 for IPv6 peers. */
  static async start(t: Test, ns: Netns, net: Net = NET): Promise<NsPeers> {
    const script = path.join(import.meta.dirname, 'netns-peers.mjs')
    const ends = [net.a, String(net.aPort), net.b, String(net.bPort)]
    const args = ['netns', 'exec', ns.peers, process.execPath, script, ...ends]
    const child = spawn(tool('iproute2-ip'), args, { stdio: ['pipe', 'pipe', 'inherit'] })
    t.teardown(() => void child.kill())
    const peers = new NsPeers(child, net)
    await peers.next()
    return peers
  }

  private next(): Promise<Record<string, unknown>> {
    const queued = this.replies.shift()
    if (queued) return Promise.resolve(JSON.parse(queued))
    return waitFor<Record<string, unknown>>({ phase: 'netns peers reply', timeoutMs: 10_000 }, ({ resolve }) => {
      this.waiting = (line) => {
        this.waiting = undefined
        resolve(JSON.parse(line))
      }
      return () => (this.waiting = undefined)
    })
  }

  /** `count` datagrams of `size` bytes from peer `from` to the relay's address on its subnet. */
  async send(from: PeerName, count: number, size = 64): Promise<void> {
    this.child.stdin!.write(`send ${from} ${this.relayFor(from)} ${NET.relayPort} ${count} ${size}\n`)
    await this.next()
  }

  /** One datagram of exactly `msg` from peer `from`. */
  async sendBytes(from: PeerName, msg: Buffer): Promise<void> {
    this.child.stdin!.write(`sendhex ${from} ${this.relayFor(from)} ${NET.relayPort} ${msg.toString('hex')}\n`)
    await this.next()
  }

  private relayFor(peer: PeerName): string {
    return peer === 'b' ? this.net.relayB : this.net.relayA
  }

  /** Waits until peer `name` has received `count` since the last take, then takes them (and any extra). */
  async received(name: PeerName, count: number): Promise<{ got: number; from: string | null }> {
    let total = { got: 0, from: null as string | null }
    return waitUntil(
      `peer ${name} to receive ${count}`,
      async () => {
        const now = await this.take(name)
        total = { got: total.got + now.got, from: now.from ?? total.from }
        return total.got >= count ? total : undefined
      },
      5000,
      () => `received ${total.got}`,
    )
  }

  /** What peer `name` received since the last take. */
  async take(name: PeerName): Promise<{ got: number; from: string | null }> {
    this.child.stdin!.write(`take ${name}\n`)
    return (await this.next()) as { got: number; from: string | null }
  }
}

/** Entries of relayd's forwarding map, read with bpftool from the program attached to `iface`. */
export async function fwdMapEntries(ns: Netns, iface: string): Promise<number> {
  const link = await ns.relayIp('-d', '-j', 'link', 'show', iface)
  const progId = JSON.parse(link)[0]?.xdp?.prog?.id ?? JSON.parse(link)[0]?.xdp?.attached?.[0]?.prog?.id
  if (!progId) throw new Error(`no XDP program on ${iface}: ${link}`)
  const prog = JSON.parse((await run(tool('bpftool'), ['-j', 'prog', 'show', 'id', String(progId)])).stdout)
  for (const mapId of prog.map_ids as number[]) {
    const map = JSON.parse((await run(tool('bpftool'), ['-j', 'map', 'show', 'id', String(mapId)])).stdout)
    if (map.name === 'fwd_map')
      return JSON.parse((await run(tool('bpftool'), ['-j', 'map', 'dump', 'id', String(mapId)])).stdout).length
  }
  throw new Error(`program ${progId} on ${iface} has no fwd_map`)
}
