import { ExitCode } from '../../errors.js'
import type { Subcommand } from '../command.js'

interface ImageBuildOptions {
  arch: string
  json?: boolean
}

// `vmgate image build NAME`: one subcommand now; booting an image is the Machine API's (ts/src/driver).
export const imageCommand: Subcommand = {
  define: (program) =>
    program
      .command('image')
      .description('disk images booted unmodified under UEFI')
      .command('build')
      .description('build a disk image from a definition under images/ (Debian via mmdebstrap, a UKI, a GPT disk)')
      .argument('<name>', 'image definition under images/')
      .option('--arch <arch>', 'guest arch', 'x86_64')
      .option('--json', 'print the image as JSON'),
  async run({ args, log }) {
    const [name, options] = args as [string, ImageBuildOptions]
    const [{ loadImage }, { buildImage }, { Store }] = await Promise.all([
      import('../../image/definition.js'),
      import('../../image/build.js'),
      import('../../store/store.js'),
    ])
    const image = await buildImage(loadImage(name), options.arch, Store.fromEnv(), log)
    process.stdout.write(
      options.json ? `${JSON.stringify(image, null, 2)}\n` : `${image.disk}\nsha256 ${image.sha256}\n`,
    )
    return ExitCode.pass
  },
}
