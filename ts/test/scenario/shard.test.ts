import t from 'tap'
import { parseShard, shardOf } from '../../src/scenario/shard.js'

const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => ({ name }))
const names = (list: { name: string }[]) => list.map((i) => i.name)

t.test('shards 1..N together cover every item exactly once, in their original order', async (t) => {
  for (const count of [1, 2, 3, 7, 9]) {
    const parts = Array.from({ length: count }, (_, k) => names(shardOf(items, { index: k + 1, count })))
    t.same(parts.flat().sort(), names(items), `${count} shards`)
    for (const part of parts) t.same(part, [...part].sort(), 'original order kept')
  }
})

t.test('without durations the split is even; the same inputs give the same split', async (t) => {
  const sizes = [1, 2, 3].map((index) => shardOf(items, { index, count: 3 }).length)
  t.same(sizes.sort(), [2, 2, 3])
  t.same(shardOf(items, { index: 2, count: 3 }), shardOf([...items], { index: 2, count: 3 }))
})

t.test('with durations, the longest go first to the least loaded shard', async (t) => {
  const durations = new Map([
    ['a', 100],
    ['b', 10],
    ['c', 10],
    ['d', 10],
    ['e', 10],
    ['f', 10],
    ['g', 10],
  ])
  t.same(names(shardOf(items, { index: 1, count: 2 }, durations)), ['a'])
  t.same(names(shardOf(items, { index: 2, count: 2 }, durations)), ['b', 'c', 'd', 'e', 'f', 'g'])
})

t.test('--shard takes K/N with 1 <= K <= N', async (t) => {
  t.same(parseShard('2/3'), { index: 2, count: 3 })
  for (const bad of ['0/3', '4/3', '3', 'a/b', '1/0', ''])
    t.throws(() => parseShard(bad), { message: /--shard takes K\/N/ }, bad)
})
