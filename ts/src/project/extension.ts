// What a project's extension module exports as `extension`: the CLI commands,
// scenarios and benches of the components it tests. vmgate's own extensions
// are bundled into the CLI (pkgs/extensions.ts, the modules its vmgate.toml's
// project.extensions lists); a user's project's are imported when a catalog
// is asked for, and give scenarios (commands and benches shape the command
// tree before any vmgate.toml is read, so they come only bundled).
import type { BenchOptions } from '../../bench/stats.js'
import type { Subcommand } from '../cli/command.js'
import type { Scenario } from '../scenario/scenario.js'

export interface Bench {
  /** What it measures side by side, for `vmgate bench --help`. */
  description: string
  load: () => Promise<{ bench: (options: BenchOptions) => Promise<number> }>
}

export interface Extension {
  commands?: Subcommand[]
  /** The scenarios of the project's components, loaded when a catalog is asked for. */
  scenarios?: () => Promise<Scenario[]>
  benches?: Record<string, Bench>
}
