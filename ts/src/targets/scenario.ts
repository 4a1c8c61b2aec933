// A target becomes a one-node scenario, so `vmgate test` runs targets with the
// scenario runner: its parallelism, progress, closing line, --repeat and
// reports. Host paths resolve against the directory of vmgate.toml.
import type { Scenario } from '../scenario/scenario.js'
import { UsageError } from '../errors.js'
import { planGuest } from '../run/guest-plan.js'
import { checkUserCode, parseAdd, parseKernelImage, parseModule, parseShare, type UserCode } from '../usercode/spec.js'
import type { TargetDefinition, TargetsConfig } from './file.js'

export function targetScenario(name: string, target: TargetDefinition, config: TargetsConfig): Scenario {
  const where = (key: string) => `${config.file}: target.${name}.${key}`
  const code = withContext(config.file, name, () => userCode(target, config.dir, where))
  // Here, not when the topology is checked, so a bad arch, machine or kernel names the file.
  const nicModels = Object.values(target.nics).map((nic) => nic.model)
  withContext(config.file, name, () =>
    planGuest({ ...target, nicModels }, where(target.machine ? 'machine' : 'kernel')),
  )
  return {
    name,
    description: target.description ?? `target ${name} from ${config.file}`,
    tags: ['target'],
    topology: {
      kernel: target.kernel,
      arch: target.arch,
      root: target.root,
      nodes: {
        [name]: {
          machine: target.machine,
          command: typeof target.command === 'string' ? ['sh', '-c', target.command] : target.command,
          timeoutS: target.timeout,
          cpus: target.cpus,
          memory: target.memory,
          nics: target.nics,
          code,
        },
      },
    },
  }
}

function userCode(target: TargetDefinition, dir: string, where: (key: string) => string): UserCode {
  return checkUserCode({
    adds: target.files.map((value) => parseAdd(value, dir, where('files'))),
    shares: target.shares.map((value) => parseShare(value, dir, where('shares'))),
    hostRoot: target['host-root'],
    modules: target.modules.map((value) => parseModule(value, dir, where('modules'))),
    kernelImage: target['kernel-image']
      ? parseKernelImage(target['kernel-image'], target['kernel-config'], dir)
      : undefined,
  })
}

/** A check of the whole target (two paths to one place, say) names the file and target too. */
function withContext<T>(file: string, name: string, make: () => T): T {
  try {
    return make()
  } catch (error) {
    if (error instanceof UsageError && !error.message.startsWith(file))
      throw new UsageError(`${file}: target.${name}: ${error.message}`)
    throw error
  }
}

export function selectTargets(names: string[], config: TargetsConfig): Scenario[] {
  const known = Object.keys(config.targets)
  const unknown = names.filter((name) => !known.includes(name))
  if (unknown.length > 0)
    throw new UsageError(`unknown target(s): ${unknown.join(', ')}; ${config.file} has ${known.join(', ')}`)
  return (names.length > 0 ? names : known).map((name) => targetScenario(name, config.targets[name], config))
}
