// Splitting a selection across machines: shard K of N gets a deterministic
// part of it. With the durations of an earlier run, the longest go first, each
// to the shard with the least work so far (LPT), so shards end near together;
// without, every item weighs the same and the split is a round robin over the
// names in order. Every item lands in exactly one shard.
import { InvalidArgumentError } from 'commander'

export interface Shard {
  index: number
  count: number
}

/** `K/N` with 1 <= K <= N, for --shard. */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value)
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0]
  if (!match || count < 1 || index < 1 || index > count)
    throw new InvalidArgumentError(`--shard takes K/N with 1 <= K <= N, e.g. 2/3, not '${value}'`)
  return { index, count }
}

/** The items of shard K, in their original order. `durations`: ms per name; unknown ones weigh the median. */
export function shardOf<T extends { name: string }>(
  items: T[],
  shard: Shard,
  durations: ReadonlyMap<string, number> = new Map(),
): T[] {
  const known = [...durations.values()].sort((a, b) => a - b)
  const fallback = known.length ? known[Math.floor(known.length / 2)] : 1
  const weight = (item: T) => durations.get(item.name) ?? fallback
  const order = [...items].sort((a, b) => weight(b) - weight(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const load = new Array<number>(shard.count).fill(0)
  const owner = new Map<T, number>()
  for (const item of order) {
    const lightest = load.indexOf(Math.min(...load))
    owner.set(item, lightest)
    load[lightest] += weight(item)
  }
  return items.filter((item) => owner.get(item) === shard.index - 1)
}
