// Host hugepages behind guest RAM, checked before any qemu starts: a host
// without enough free pages is one clear error naming the fix, not a qemu
// allocation failure halfway through a topology.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InfraError, UsageError } from '../errors.js'

export interface HugepageDemand {
  node: string
  memoryMb: number
}

export interface HugepagePool {
  pageKb: number
  total: number
  free: number
}

const SYSFS = '/sys/kernel/mm/hugepages'

/** Pages one guest's RAM takes; a size that isn't whole pages is refused. */
export function pagesFor(demand: HugepageDemand, pageKb: number): number {
  const pages = (demand.memoryMb * 1024) / pageKb
  if (!Number.isInteger(pages))
    throw new UsageError(
      `${demand.node}: memory ${demand.memoryMb} MiB backed by host hugepages must be a multiple of ${pageKb / 1024} MiB`,
    )
  return pages
}

/** Why the pool can't take the demands, with the command that fixes it; undefined when it can. */
export function hugepageShortfall(pool: HugepagePool, demands: HugepageDemand[]): string | undefined {
  const needed = demands.reduce((sum, demand) => sum + pagesFor(demand, pool.pageKb), 0)
  if (needed <= pool.free) return undefined
  const who = demands.map((d) => `${d.node} (${d.memoryMb} MiB)`).join(', ')
  return `host hugepages: ${who} need ${needed} pages of ${pool.pageKb} kB, the host has ${pool.free} free of ${pool.total}; as root: echo ${pool.total + needed - pool.free} > ${join(SYSFS, `hugepages-${pool.pageKb}kB`, 'nr_hugepages')}`
}

export async function readHugepagePool(pageKb: number, sysfs = SYSFS): Promise<HugepagePool> {
  const dir = join(sysfs, `hugepages-${pageKb}kB`)
  const read = async (name: string) => Number((await readFile(join(dir, name), 'utf8')).trim())
  try {
    return { pageKb, total: await read('nr_hugepages'), free: await read('free_hugepages') }
  } catch (error) {
    throw new InfraError(
      `host hugepages: this host has no ${pageKb} kB pages (${dir}: ${(error as Error).message}); a kernel with CONFIG_HUGETLBFS is needed`,
    )
  }
}

/** Throws an InfraError naming the fix when the host can't back every demand. */
export async function checkHostHugepages(demands: HugepageDemand[], pageKb: number, sysfs = SYSFS): Promise<void> {
  if (demands.length === 0) return
  const shortfall = hugepageShortfall(await readHugepagePool(pageKb, sysfs), demands)
  if (shortfall) throw new InfraError(shortfall)
}
