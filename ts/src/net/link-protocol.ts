// What the parent and the link process say to each other.
import type { ImpairmentInput } from './impairment.js'

export type Direction = 'ab' | 'ba'

export interface LinkConfig {
  name: string
  dir: string
  seed: number
  impairment: ImpairmentInput
  /** Absent: no capture (a bench, where writing each frame would cost the link its rate). */
  pcapPath?: string
}

export type LinkCommand =
  | { op: 'set'; impairment: ImpairmentInput; direction?: Direction }
  | { op: 'cut' | 'heal'; direction?: Direction }
  | { op: 'counters' | 'stop' }

export interface LinkCounters {
  rxFrames: number
  txFrames: number
  droppedLoss: number
  droppedCut: number
  droppedUnconnected: number
  duplicated: number
  /** Index (in arrival order) of each frame dropped by loss, for seed checks. */
  lossIndices: number[]
}

/** What a link reports: its counters each way, and its own CPU time over its life so far (its share of a core). */
export interface LinkStats extends Record<Direction, LinkCounters> {
  cpuMs: number
  aliveMs: number
}

export function newCounters(): LinkCounters {
  return {
    rxFrames: 0,
    txFrames: 0,
    droppedLoss: 0,
    droppedCut: 0,
    droppedUnconnected: 0,
    duplicated: 0,
    lossIndices: [],
  }
}
