// Extensions: vmgate's own come bundled, exactly the ones its vmgate.toml
// lists; a user's project adds scenarios through a module of its own.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { BUNDLED } from '../../../pkgs/extensions.js'
import { buildProgram } from '../../src/cli/program.js'
import { projectRoot } from '../../src/paths.js'
import { projectExtensions } from '../../src/project/extensions.js'
import { loadProject, projects, useProjectFile } from '../../src/project/project.js'
import { loadCatalog } from '../../src/scenario/catalog.js'
import { tempDir } from '../helpers/temp.js'

t.test("the bundle holds exactly the extensions vmgate's vmgate.toml lists", async (t) => {
  const own = loadProject(join(projectRoot(), 'vmgate.toml'), true)
  t.same(Object.keys(BUNDLED).sort(), [...own.extensions].sort())
  t.equal((await projectExtensions([own])).length, own.extensions.length)
})

t.test("the components' commands come through their extensions", async (t) => {
  const names = buildProgram().commands.map((c) => c.name())
  for (const name of ['kmod', 'sshd-host']) t.ok(names.includes(name), `vmgate ${name}`)
})

t.test("a user's extension adds scenarios; commands from one are refused", async (t) => {
  const dir = await tempDir(t, 'vmgate-extension-')
  await mkdir(join(dir, 'ext'))
  const scenario = "{ name: 'mine', description: 'd', tags: [], topology: { nodes: { a: { command: ['true'] } } } }"
  await writeFile(join(dir, 'ext/good.mjs'), `export const extension = { scenarios: async () => [${scenario}] }\n`)
  await writeFile(join(dir, 'ext/bad.mjs'), 'export const extension = { scenarios: async () => [], commands: [] }\n')
  await writeFile(join(dir, 'vmgate.toml'), '[project]\nextensions = ["ext/good.mjs"]\n')
  const [, user] = projects(join(dir, 'vmgate.toml'))
  const [{ where, extension }] = await projectExtensions([user])
  t.match(where, /vmgate.toml: project.extensions: ext\/good.mjs$/)
  t.match(await extension.scenarios!(), [{ name: 'mine' }])
  await writeFile(join(dir, 'vmgate.toml'), '[project]\nextensions = ["ext/bad.mjs"]\n')
  await t.rejects(projectExtensions([projects(join(dir, 'vmgate.toml'))[1]]), {
    name: 'UsageError',
    message: /ext\/bad.mjs: commands and benches come only from the extensions bundled/,
  })
})

t.test("a user's extension joins the catalog, checked on entry like --catalog", async (t) => {
  const dir = await tempDir(t, 'vmgate-extension-')
  await writeFile(join(dir, 'ext.mjs'), "export const extension = { scenarios: async () => [{ name: 'bad' }] }\n")
  await writeFile(join(dir, 'vmgate.toml'), '[project]\nextensions = ["ext.mjs"]\n')
  useProjectFile(join(dir, 'vmgate.toml'))
  await t.rejects(loadCatalog(), {
    name: 'UsageError',
    message: /vmgate.toml: project.extensions: ext.mjs: scenario 'bad': description: /,
  })
})
