// The one wait helper. Waits are on events, never on sleeps; every wait names
// its phase, so running out of time says which phase ran out and what it last
// saw. `poll` is the same wait for states that only a check can see.

export class PhaseTimeout extends Error {
  constructor(
    readonly phase: string,
    readonly afterMs: number,
    readonly lastState?: string,
  ) {
    super(
      `timeout in the ${phase} phase after ${(afterMs / 1000).toFixed(1)}s${lastState ? `; last seen: ${lastState}` : ''}`,
    )
  }
}

export interface WaitOptions {
  /** The phase the wait belongs to: a timeout names it. */
  phase: string
  timeoutMs: number
  signal?: AbortSignal
  /** What the wait last saw, asked once when it times out and carried by the PhaseTimeout. */
  lastState?: () => string | undefined
}

export type Settle<T> = { resolve: (value: T) => void; reject: (error: unknown) => void }

/** Subscribes to what is awaited; returns its own unsubscribe. */
export type Watch<T> = (settle: Settle<T>) => () => void

// setTimeout takes at most 2^31-1 ms (~24 days); a longer delay would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1

/** Resolves with what `watch` reports, or rejects with a PhaseTimeout, or with the abort reason. */
export function waitFor<T>(options: WaitOptions, watch: Watch<T>): Promise<T> {
  const { phase, timeoutMs, signal } = options
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
    const onTimeout = () => finish(() => reject(new PhaseTimeout(phase, timeoutMs, options.lastState?.())))
    const timer = setTimeout(onTimeout, Math.min(timeoutMs, MAX_TIMER_MS))
    if (signal?.aborted) return onAbort()
    signal?.addEventListener('abort', onAbort, { once: true })
    const stop = watch({
      resolve: (value) => finish(() => resolve(value)),
      reject: (error) => finish(() => reject(error)),
    })
    // A watch that settled while subscribing is unsubscribed here.
    if (settled) stop()
    else unwatch = stop
  })
}

/** One look by `poll`: the value once there is one, else what was seen instead. */
export type Look<T> = { done: true; value: T } | { done: false; state: string }

/** Waits until `check` finds the value, looking every `everyMs`; a timeout carries the last state it saw. */
export function poll<T>(
  options: Omit<WaitOptions, 'lastState'> & { everyMs: number },
  check: () => Promise<Look<T>> | Look<T>,
): Promise<T> {
  let last: string | undefined
  return waitFor<T>({ ...options, lastState: () => last }, ({ resolve, reject }) => {
    let timer: NodeJS.Timeout | undefined
    let stopped = false
    const look = async () => {
      try {
        const seen = await check()
        if (seen.done) return resolve(seen.value)
        last = seen.state
        if (!stopped) timer = setTimeout(() => void look(), options.everyMs)
      } catch (error) {
        reject(error)
      }
    }
    void look()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  })
}
