# `nix develop`: node, just and the build tools on PATH, the toolchain
# contract in the environment, so `just check` runs as on Debian.
{ mkShell, nodejs_22, just, nix, toolchain }:
mkShell ({
  packages = [ nodejs_22 just nix ] ++ toolchain.path;
} // toolchain.env)
