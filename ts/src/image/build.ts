// `vmgate image build`: a definition under images/ to a GPT disk image in the
// store. Plan (ids and inputs, pure) → root tree (mmdebstrap) → UKI (ukify in
// the root) → ESP (mtools) and root filesystem (mkfs.ext4 -d) → disk (gpt.ts).
// The ids come from the definition, so two builds of it can match byte for byte.
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { step, type LogSink } from '../log.js'
import { projectRoot } from '../paths.js'
import { runTool } from '../proc.js'
import { sha256 } from '../store/key.js'
import type { Store } from '../store/store.js'
import { tool } from '../toolchain/resolve.js'
import { imageArch, type ImageArch } from './arch.js'
import type { ImageSpec } from './definition.js'
import { fileSha256, writeDisk } from './disk.js'
import { buildEsp } from './esp.js'
import { filesystemFromDir } from './filesystem.js'
import { buildRootfs, clampMtimes } from './rootfs.js'
import { buildUki } from './uki.js'

const RECIPE = 4
const ESP_TYPE = 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b'
/** Every timestamp in the image: 2023-11-14, fixed so that two builds agree. */
export const IMAGE_EPOCH = 1_700_000_000

export interface BuiltImage {
  name: string
  arch: string
  disk: string
  sha256: string
  kernelVersion: string
  key: string
  built: boolean
}

/** A GUID derived from the definition and a role, so it is the same on every build. */
export function stableGuid(seed: string, role: string): string {
  const h = sha256(`${seed}\0${role}`)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export interface ImagePlan {
  seed: string
  diskGuid: string
  rootGuid: string
  espGuid: string
  rootFsUuid: string
  espVolumeId: string
  cmdline: string[]
}

export function planImage(spec: ImageSpec, arch: ImageArch): ImagePlan {
  const seed = `${spec.name}/${arch.arch.name}/${spec.release}`
  const rootGuid = stableGuid(seed, 'root-partition')
  return {
    seed,
    diskGuid: stableGuid(seed, 'disk'),
    rootGuid,
    espGuid: stableGuid(seed, 'esp-partition'),
    rootFsUuid: stableGuid(seed, 'root-filesystem'),
    espVolumeId: stableGuid(seed, 'esp-volume').slice(0, 8),
    cmdline: [`root=PARTUUID=${rootGuid}`, ...spec.kernelCmdline],
  }
}

export async function buildImage(spec: ImageSpec, archName: string, store: Store, log: LogSink): Promise<BuiltImage> {
  const arch = imageArch(archName)
  const plan = planImage(spec, arch)
  const hooks = await Promise.all(spec.customize.map((hook) => readFile(resolve(projectRoot(), hook), 'utf8')))
  const inputs = { recipe: RECIPE, spec, arch: arch.arch.name, hooks, epoch: IMAGE_EPOCH, tools: await toolVersions() }
  const debCache = join(store.root, 'apt-cache', `${spec.release}-${arch.debianArch}`)
  const progress = (detail: string) => log({ kind: 'progress', name: `image ${spec.name}`, detail })
  let kernelVersion = ''
  const entry = await store.ensure(
    'image',
    inputs,
    async (dir) => {
      kernelVersion = await assemble(spec, arch, plan, dir, debCache, log, progress)
    },
    () => progress('waiting for another build of the same image'),
  )
  const manifest = JSON.parse(await readFile(join(entry.path, 'image.json'), 'utf8')) as {
    sha256: string
    kernelVersion: string
  }
  kernelVersion ||= manifest.kernelVersion
  return {
    name: spec.name,
    arch: arch.arch.name,
    disk: join(entry.path, 'disk.img'),
    sha256: manifest.sha256,
    kernelVersion,
    key: entry.key,
    built: entry.built,
  }
}

async function assemble(
  spec: ImageSpec,
  arch: ImageArch,
  plan: ImagePlan,
  dir: string,
  debCache: string,
  log: LogSink,
  progress: (d: string) => void,
): Promise<string> {
  const root = join(dir, 'root')
  await step(log, `image ${spec.name}: root tree (mmdebstrap ${spec.release} ${arch.debianArch})`, () =>
    buildRootfs({ spec, arch, dir: root, debCache, epoch: IMAGE_EPOCH, onProgress: progress }),
  )
  const packages = (
    await runTool('chroot', [root, 'dpkg-query', '-W', '-f', '${Package} ${Version}\\n'], { what: 'list packages' })
  ).stdout
  const uki = join(dir, 'uki.efi')
  const kernelVersion = await step(log, `image ${spec.name}: UKI`, () => buildUki(root, plan.cmdline, uki, IMAGE_EPOCH))
  // The UKI went through /tmp and /boot was emptied: clamp their mtimes again.
  await clampMtimes(root, IMAGE_EPOCH)
  const esp = join(dir, 'esp.img')
  const rootImg = join(dir, 'root.img')
  await step(log, `image ${spec.name}: filesystems`, async () => {
    const bootLoader = {
      file: join(root, 'usr/lib/systemd/boot/efi', arch.systemdBoot),
      removableName: arch.removableBootFile,
    }
    await buildEsp(
      esp,
      spec.espMiB,
      plan.espVolumeId,
      { bootLoader, uki: { file: uki, name: `debian-${kernelVersion}.efi` } },
      IMAGE_EPOCH,
    )
    await filesystemFromDir('ext4', root, rootImg, {
      label: 'root',
      mib: spec.rootMiB,
      uuid: plan.rootFsUuid,
      epoch: IMAGE_EPOCH,
    })
  })
  const disk = join(dir, 'disk.img')
  await step(log, `image ${spec.name}: GPT disk`, () =>
    writeDisk(disk, plan.diskGuid, [
      { name: 'ESP', type: ESP_TYPE, guid: plan.espGuid, file: esp },
      { name: 'root', type: arch.rootPartitionType, guid: plan.rootGuid, file: rootImg },
    ]),
  )
  const digest = await fileSha256(disk)
  await writeFile(
    join(dir, 'image.json'),
    JSON.stringify(
      { name: spec.name, arch: arch.arch.name, sha256: digest, kernelVersion, cmdline: plan.cmdline },
      null,
      2,
    ),
  )
  await writeFile(join(dir, 'packages.txt'), packages)
  await Promise.all([root, esp, rootImg, uki].map((path) => rm(path, { recursive: true, force: true })))
  return kernelVersion
}

/** The builders' versions: a new mmdebstrap or mkfs may lay out different bytes. */
async function toolVersions(): Promise<Record<string, string>> {
  const ask = async (name: string, args: string[]) =>
    ((r) => r.stdout || r.stderr)(
      await runTool(tool(name), args, { what: `${name} version`, allowFailure: true }),
    ).split('\n')[0]
  return {
    mmdebstrap: await ask('mmdebstrap', ['--version']),
    mkfsExt4: await ask('mkfs-ext4', ['-V']),
    mtools: await ask('mcopy', ['--version']),
  }
}
