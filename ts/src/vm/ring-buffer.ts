/** Keeps the last `capacity` items, for console tails. */
export class RingBuffer<T> {
  private items: T[] = []
  private start = 0

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item)
    else {
      this.items[this.start] = item
      this.start = (this.start + 1) % this.capacity
    }
  }

  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)]
  }

  tail(n: number): T[] {
    const all = this.toArray()
    return all.slice(Math.max(0, all.length - n))
  }
}
