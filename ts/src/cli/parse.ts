// CLI value parsers: a bad value is a usage error quoting it.
import { InvalidArgumentError } from 'commander'
import { memoryMb } from '../vm/memory-size.js'

export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${flag} takes a whole number, not '${value}'`)
    return Number(value)
  }
}

export function positiveInt(flag: string) {
  return (value: string): number => {
    if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError(`${flag} takes a whole number > 0, not '${value}'`)
    return Number(value)
  }
}

export function positiveSeconds(flag: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!/^\d+(\.\d+)?$/.test(value) || n <= 0)
      throw new InvalidArgumentError(`${flag} takes seconds > 0, not '${value}'`)
    return n
  }
}

export function oneOf<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!choices.includes(value as T))
      throw new InvalidArgumentError(`${flag} is one of ${choices.join(', ')}, not '${value}'`)
    return value as T
  }
}

export function memorySize(flag: string) {
  return (value: string): number => {
    const mb = memoryMb(value)
    if (mb === undefined)
      throw new InvalidArgumentError(`${flag} takes MiB (512) or a size with a unit (512M, 2G), not '${value}'`)
    return mb
  }
}
