# nix/default.nix evaluated against the stub for one host CPU, as plain data:
# each package's name and the script its builder runs, each app's program
# (the script text, see stub-nixpkgs.nix), each check's builder script.
{ cpu }:
let
  vmgate = import ../. { pkgs = import ./stub-nixpkgs.nix { inherit cpu; }; };
  script = drv: { inherit (drv) name; run = drv.buildPhase or drv.buildCommand or drv.checkPhase or ""; };
in
{
  packages = builtins.mapAttrs (_: script) vmgate.packages;
  apps = builtins.mapAttrs (_: app: app.program) vmgate.apps;
  checks = builtins.mapAttrs (_: drv: (script drv).run) vmgate.checks;
  shell = builtins.attrNames vmgate.shell;
}
