// Reads tap's output on stdin, passes it through, and ends with the plain
// closing line CI reads: "N passed, N failed[, N skipped]". Exits as tap did.
import { createInterface } from 'node:readline'

let summary
for await (const line of createInterface({ input: process.stdin })) {
  process.stdout.write(line + '\n')
  const match = /^# \{ total: (\d+)(.*) \}$/.exec(line)
  if (match) summary = Object.fromEntries([...match[2].matchAll(/(\w+): (\d+)/g)].map(([, k, v]) => [k, Number(v)]))
}
if (!summary) {
  console.log('0 passed, 1 failed (tap printed no summary)')
  process.exit(1)
}
const skipped = (summary.skip ?? 0) + (summary.todo ?? 0)
console.log(`${summary.pass ?? 0} passed, ${summary.fail ?? 0} failed${skipped ? `, ${skipped} skipped` : ''}`)
