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
// setTimeout takes at most 2^31-1 ms (~24 days); a longer delay would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1

export function waitFor<T>(phase: string, timeoutMs: number, watch: (settle: Settle<T>) => () => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unwatch: (() => void) | undefined
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      unwatch?.()
      fn()
    }
    const onAbort = () => finish(() => reject(signal?.reason))
    const timer = setTimeout(() => finish(() => reject(new PhaseTimeout(phase, timeoutMs))), Math.min(timeoutMs, MAX_TIMER_MS))
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })
    const stop = watch({ resolve: (value) => finish(() => resolve(value)), reject: (error) => finish(() => reject(error)) })
    // A watch that settled while subscribing is unsubscribed here.
    if (settled) stop()
    else unwatch = stop
  })
}
