import t from 'tap'
import { RingBuffer } from '../../src/vm/ring-buffer.js'

t.test('keeps the last items in order', async (t) => {
  const ring = new RingBuffer<number>(3)
  for (let i = 1; i <= 5; i++) ring.push(i)
  t.same(ring.toArray(), [3, 4, 5])
  t.same(ring.tail(2), [4, 5])
})
