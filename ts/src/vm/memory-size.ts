// Guest memory sizes as users write them: 512 (MiB), '512M', '2G'.
import * as z from 'zod'

const SIZE = /^([1-9]\d*)([MG]?)$/

/** MiB, or undefined when the text is not a size. */
export function memoryMb(text: string): number | undefined {
  const match = SIZE.exec(text.trim())
  if (!match) return undefined
  return Number(match[1]) * (match[2] === 'G' ? 1024 : 1)
}

/** A size in a topology: a number of MiB or a string with M or G; always MiB after parsing. */
export const MemorySize = z.union([z.number().int().positive(), z.string()]).transform((value, ctx) => {
  const mb = typeof value === 'number' ? value : memoryMb(value)
  if (mb === undefined)
    ctx.addIssue({
      code: 'custom',
      message: `'${value}' is not a memory size; write MiB (512) or with a unit ('512M', '2G')`,
    })
  return mb ?? 0
})
