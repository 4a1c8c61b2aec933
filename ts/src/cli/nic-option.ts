// --nic NAME=ADDR[,ADDR…][,model=M] (run, shell): a NIC for a single guest,
// parsed on entry; a bad value is a usage error quoting it and saying the fix.
import { InvalidArgumentError, type Command } from 'commander'
import { NIC_MODELS, type NicModel } from '../arch/index.js'
import { UsageError } from '../errors.js'
import { isCidr, MAX_NICS, NAME, NAME_RULE, nicProblems, type Nic } from '../net/nic.js'

export interface NicFlag extends Nic {
  name: string
}

const FORM = 'NAME=ADDR[,ADDR…][,model=M], e.g. eth0=10.0.0.2/24,fd00::2/64'

export function nicOption(command: Command): Command {
  return command.option(
    '--nic <name=addr,...>',
    `a NIC: ${FORM}; CIDR addresses (IPv4 and/or IPv6), model virtio (default), e1000 or e1000e on PCI machines; its link leads nowhere (repeatable; the guest's kernel names them eth0, eth1, … as its drivers find them)`,
    (value: string, previous: NicFlag[] = []) => [...previous, parseNic(value)],
  )
}

/** One --nic value; throws InvalidArgumentError (a usage error) quoting it. */
export function parseNic(value: string): NicFlag {
  const bad = (why: string) => new InvalidArgumentError(`--nic '${value}': ${why}`)
  const eq = value.indexOf('=')
  if (eq < 0) throw bad(`no '='; write ${FORM}`)
  const name = value.slice(0, eq)
  if (!NAME.test(name)) throw bad(`NIC name '${name}': ${NAME_RULE}`)
  const parts = value
    .slice(eq + 1)
    .split(',')
    .filter(Boolean)
  const settings = parts.filter((part) => part.includes('='))
  const addresses = parts.filter((part) => !part.includes('='))
  let model: NicModel = 'virtio'
  for (const setting of settings) {
    const [key, choice] = setting.split('=', 2)
    if (key !== 'model') throw bad(`unknown setting '${key}'; the only one is model=M (${NIC_MODELS.join(', ')})`)
    if (!NIC_MODELS.includes(choice as NicModel))
      throw bad(`unknown model '${choice}'; use one of ${NIC_MODELS.join(', ')}`)
    model = choice as NicModel
  }
  const wrong = addresses.find((cidr) => !isCidr(cidr))
  if (wrong !== undefined) throw bad(`'${wrong}' is not ADDRESS/PREFIX-LENGTH; write e.g. 10.0.0.2/24 or fd00::2/64`)
  const problems = nicProblems(name, { addresses, model })
  if (problems.length > 0) throw bad(problems[0])
  return { name, addresses, model }
}

/** The flags' NICs by name, in order: a name given twice, or more NICs than a guest has, is a usage error. */
export function nicsOf(flags: NicFlag[] = []): Record<string, Nic> {
  if (flags.length > MAX_NICS)
    throw new UsageError(`--nic given ${flags.length} times; a guest has at most ${MAX_NICS} NICs`)
  const nics: Record<string, Nic> = {}
  for (const { name, addresses, model } of flags) {
    if (nics[name])
      throw new UsageError(`--nic: NIC '${name}' is given twice; give each NIC once, with all its addresses`)
    nics[name] = { addresses, model }
  }
  return nics
}
