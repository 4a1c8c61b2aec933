// relayd in vmgate: its scenarios (scenarios/) and its benches (ts/bench/).
import type { Extension } from '../../ts/src/project/extension.js'

export const extension: Extension = {
  scenarios: async () => (await import('./scenarios/index.js')).scenarios,
  benches: {
    tunnel: { description: 'relay vs direct', load: () => import('./ts/bench/tunnel.js') },
    relay: { description: 'relayd vs direct and socat', load: () => import('./ts/bench/relay.js') },
    xdp: { description: 'relayd in XDP vs in userspace, packets/s', load: () => import('./ts/bench/xdp.js') },
  },
}
