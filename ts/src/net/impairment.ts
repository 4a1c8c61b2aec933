// Seeded link impairments. Every decision is drawn from a PRNG seeded by the
// run seed, the link and the direction, in frame order, so the same seed and
// the same traffic drop, duplicate and delay the same frames.
import * as z from 'zod'

export const Impairment = z.strictObject({
  delayMs: z.number().min(0, 'delay cannot be negative').default(0),
  jitterMs: z.number().min(0, 'jitter cannot be negative').default(0),
  lossPct: z.number().min(0, 'loss is a percentage, 0 to 100').max(100, 'loss is a percentage, 0 to 100').default(0),
  duplicatePct: z.number().min(0).max(100, 'duplicate is a percentage, 0 to 100').default(0),
  reorderPct: z.number().min(0).max(100, 'reorder is a percentage, 0 to 100').default(0),
  /** Bits per second; 0 means unlimited. */
  rateBps: z.number().min(0, 'rate cannot be negative').default(0),
})
export type ImpairmentInput = z.input<typeof Impairment>
export type Impairment = z.output<typeof Impairment>

export const NO_IMPAIRMENT: Impairment = Impairment.parse({})

/** mulberry32: small, fast, and the same on every machine. */
export function prng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function seedFor(...parts: (string | number)[]): number {
  let hash = 2166136261
  for (const byte of Buffer.from(parts.join('/'))) hash = Math.imul(hash ^ byte, 16777619) >>> 0
  return hash
}

export interface Departure {
  /** When the frame leaves, in ms on the caller's clock. */
  at: number
}

/** Decides the fate of each frame of one direction. Pure apart from its PRNG state. */
export class Shaper {
  private random: () => number
  private lastDeparture = 0
  private index = 0
  cut = false

  constructor(
    public impairment: Impairment,
    seed: number,
  ) {
    this.random = prng(seed)
  }

  /** Returns the frame's departures (none: dropped; two: duplicated) and its index. */
  decide(now: number, bytes: number): { index: number; departures: Departure[]; reason?: 'loss' | 'cut' } {
    const index = this.index++
    const { delayMs, jitterMs, lossPct, duplicatePct, reorderPct, rateBps } = this.impairment
    // Draw every number for every frame, so one knob never shifts another's draws.
    const [loss, dup, reorder, jitter] = [this.random(), this.random(), this.random(), this.random()]
    if (this.cut) return { index, departures: [], reason: 'cut' }
    if (loss * 100 < lossPct) return { index, departures: [], reason: 'loss' }
    const serialisation = rateBps > 0 ? (bytes * 8 * 1000) / rateBps : 0
    let at = Math.max(now, rateBps > 0 ? this.lastDeparture : now) + serialisation
    if (rateBps > 0) this.lastDeparture = at
    at += delayMs + (jitterMs > 0 ? (jitter * 2 - 1) * jitterMs : 0)
    if (reorder * 100 < reorderPct) {
      at += Math.max(1, delayMs) // held back, so the frames after it overtake it
    } else {
      at = Math.max(at, this.lastOrdered) // jitter alone never reorders
      this.lastOrdered = at
    }
    const departures = [{ at }]
    if (dup * 100 < duplicatePct) departures.push({ at })
    return { index, departures }
  }

  private lastOrdered = 0
}
