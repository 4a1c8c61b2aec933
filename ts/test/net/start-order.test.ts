// A node that comes after another boots at once, in parallel with it; only its
// command waits until the other is ready. Real guests, on the topology runner.
import t from 'tap'
import { parseTopology } from '../../src/net/topology.js'
import { silentSink } from '../../src/log.js'
import { runTopology } from '../../src/scenario/topology-run.js'
import { Store } from '../../src/store/store.js'

const FIRST_READY_AFTER_S = 4

t.test('a dependent guest boots while the node it comes after gets ready; its command starts after', async (t) => {
  const { nodes } = await runTopology(
    parseTopology({
      name: 'order',
      nodes: {
        first: {
          command: ['sh', '-c', `sleep ${FIRST_READY_AFTER_S}; vmgate-ready; sleep 1`],
          readyByCommand: true,
          timeoutS: 60,
        },
        second: { command: ['true'], after: ['first'], timeoutS: 60 },
      },
    }),
    { store: Store.fromEnv(), log: silentSink, accel: 'auto' },
  )
  const [first, second] = ['first', 'second'].map((name) => nodes.find((n) => n.node === name)!)
  for (const node of [first, second])
    t.equal(node.classification.kind, 'pass', `${node.node}: ${node.classification.reason}`)
  const firstReady = first.startedAt! + first.timings.ready!
  t.ok(second.startedAt! < firstReady, 'the second guest started before the first was ready')
  t.ok(second.startedAt! + second.timings.ready! >= firstReady, "and its command after the first's ready")
})
