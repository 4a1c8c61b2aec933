// The one wait helper. Waits are on events, never on sleeps; every wait names
// its phase so that running out of time says which phase ran out.

export class PhaseTimeout extends Error {
  constructor(readonly phase: string, readonly afterMs: number) {
    super(`timeout in the ${phase} phase after ${(afterMs / 1000).toFixed(1)}s`)
  }
}

export type Settle<T> = { resolve: (value: T) => void; reject: (error: unknown) => void }

/**
 * Resolves with what `watch` reports, or rejects with a PhaseTimeout after
 * `timeoutMs`, or with the abort reason. `watch` returns its own unsubscribe.
 */
export function waitFor<T>(phase: string, timeoutMs: number, watch: (settle: Settle<T>) => () => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unwatch: () => void = () => {}
    const finish = (fn: () => void) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      unwatch()
      fn()
    }
    const onAbort = () => finish(() => reject(signal?.reason))
    const timer = setTimeout(() => finish(() => reject(new PhaseTimeout(phase, timeoutMs))), timeoutMs)
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })
    unwatch = watch({ resolve: (value) => finish(() => resolve(value)), reject: (error) => finish(() => reject(error)) })
  })
}
