// The lab's own scenarios: links, impairments and TCP between plain guests.
// `vmgate scenario list` shows these and the projects' (their extensions').
import type { Scenario } from '../src/scenario/scenario.js'
import { matrix } from '../src/scenario/scenario.js'
import type { ImpairmentInput } from '../src/net/impairment.js'
import { pingAtLeast, tcpSink, tcpSource } from './payload.js'

const SERVER = { eth0: ['10.0.0.1/24', 'fd00::1/64'] }
const CLIENT = { eth0: ['10.0.0.2/24', 'fd00::2/64'] }

function tcpPair(
  link: { kind: 'direct' | 'emulated'; impairment?: ImpairmentInput },
  clientTimeoutS = 10,
): Scenario['topology'] {
  return {
    nodes: {
      server: { command: tcpSink('10.0.0.2'), nics: SERVER, readyByCommand: true, timeoutS: 60 },
      client: { command: tcpSource('10.0.0.1', 5000, clientTimeoutS), nics: CLIENT, after: ['server'], timeoutS: 60 },
    },
    links: [{ a: 'server.eth0', b: 'client.eth0', ...link }],
  }
}

const IMPAIRMENTS = [
  { label: 'none', impairment: {} },
  { label: 'loss2-delay10', impairment: { lossPct: 2, delayMs: 10, jitterMs: 2 } },
] as const

const tcpMatrix = matrix(
  'tcp',
  { link: ['direct', 'emulated'] as const, impairment: IMPAIRMENTS },
  ({ link, impairment }, name) =>
    link === 'direct' && impairment.label !== 'none'
      ? undefined // a direct link cannot be impaired
      : {
          name,
          description: `588 KB over TCP, SHA-256 checked on both ends (${link} link, ${impairment.label})`,
          tags: ['tcp', link],
          topology: tcpPair({ kind: link, impairment: impairment.impairment }),
        },
)

export const scenarios: Scenario[] = [
  ...tcpMatrix,
  {
    name: 'ping-delay',
    description: '200 ms of one-way delay on an emulated link: ping RTT must be at least 400 ms',
    tags: ['emulated', 'delay'],
    topology: {
      nodes: {
        server: {
          command: ['sh', '-c', 'vmgate-ready; sleep 120'],
          nics: SERVER,
          readyByCommand: true,
          service: true,
          timeoutS: 150,
        },
        client: { command: pingAtLeast('10.0.0.1', 400), nics: CLIENT, after: ['server'], timeoutS: 30 },
      },
      links: [{ a: 'server.eth0', b: 'client.eth0', kind: 'emulated', impairment: { delayMs: 200 } }],
    },
  },
  {
    // busybox sh runs its own applets before PATH, so host binaries go by full path.
    name: 'ping-netem',
    description:
      'in-guest impairment: the server delays its own egress 100 ms with tc netem (vmroot); ping over a direct link sees it',
    tags: ['netem', 'direct', 'delay'],
    topology: {
      nodes: {
        server: {
          root: 'vmroot',
          command: [
            'sh',
            '-c',
            '/usr/sbin/tc qdisc add dev eth0 root netem delay 100ms && /usr/sbin/tc qdisc show dev eth0 && vmgate-ready && sleep 120',
          ],
          nics: SERVER,
          readyByCommand: true,
          service: true,
          timeoutS: 150,
        },
        // 90, not 100: the delay is timed by the server's clock and measured by the
        // client's, and two TCG guests' clocks disagree by a few percent at this scale.
        // Without netem the RTT is under 5 ms, so 90 still shows the qdisc at work.
        client: { command: pingAtLeast('10.0.0.1', 90), nics: CLIENT, after: ['server'], timeoutS: 30 },
      },
      links: [{ a: 'server.eth0', b: 'client.eth0' }],
    },
  },
  {
    name: 'tcp-cut-heal',
    description:
      'the link is cut for 2 s in the middle of a transfer and healed; TCP recovers and the cut drops are counted',
    tags: ['tcp', 'emulated', 'resilience'],
    topology: tcpPair({ kind: 'emulated', impairment: { rateBps: 2_000_000 } }),
    script: async ({ link, ready }) => {
      await ready('client') // init says the client is up; its transfer starts right after
      await new Promise((resolve) => setTimeout(resolve, 500))
      await link('l0').cut()
      await new Promise((resolve) => setTimeout(resolve, 2000))
      await link('l0').heal()
    },
    check: ({ links }) =>
      (links.l0?.ab.droppedCut ?? 0) + (links.l0?.ba.droppedCut ?? 0) > 0
        ? []
        : ['link l0 counted no frames dropped during the cut'],
  },
  {
    name: 'tcp-total-loss',
    description:
      'negative: with 100% loss nothing arrives; passes when the client fails and the link delivered nothing',
    tags: ['tcp', 'emulated', 'negative'],
    topology: tcpPair({ kind: 'emulated', impairment: { lossPct: 100 } }, 3),
    expect: { client: 'fail', server: 'fail' },
    check: ({ links }) =>
      (links.l0?.ab.txFrames ?? 1) + (links.l0?.ba.txFrames ?? 1) === 0 ? [] : ['frames crossed a link with 100% loss'],
  },
]
