# One app per command line in cli.nix: export the toolchain contract, check
# the environment the line needs, run the bundled CLI. Extra arguments pass
# through: `nix run .#smoke -- --verbose`.
{ lib, writeShellApplication, vmgate, toolchain, words, commands }:
lib.mapAttrs (name: argv:
  let
    script = writeShellApplication {
      name = "vmgate-${name}";
      runtimeInputs = [ vmgate ] ++ toolchain.path;
      text = ''
        ${words.requireEnv name argv}
        ${toolchain.exports}
        exec vmgate ${words.render { } argv} "$@"
      '';
    };
  in { type = "app"; program = "${script}/bin/vmgate-${name}"; }
) commands
