// Ctrl-C and SIGTERM abort the run: every wait rejects, every owner tears down,
// and the process exits 130 with nothing left behind. A second Ctrl-C is ignored
// while teardown runs, so teardown is never cut short.
import { Interrupted } from '../errors.js'
import { cancelToolsOn } from '../proc.js'

let controller: AbortController | undefined

export function interruptSignal(): AbortSignal {
  if (controller) return controller.signal
  const own = new AbortController()
  controller = own
  cancelToolsOn(own.signal)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (!own.signal.aborted) {
        process.stderr.write(`\nvmgate: ${signal}, tearing down\n`)
        own.abort(new Interrupted(signal))
      }
    })
  }
  return own.signal
}
