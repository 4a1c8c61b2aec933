# vmgate for one system: packages, apps, checks and the dev shell, wired from
# the files beside this one. flake.nix calls it per system; without flakes,
# `nix-build nix -A packages.kernel-microvm` uses the nixpkgs npins/ pins.
{ pkgs ? import (import ../npins).nixpkgs { } }:
let
  inherit (pkgs) lib;
  source = import ./source.nix { inherit lib; };
  words = import ./words.nix { inherit lib; };
  cli = import ./cli.nix;
  guests = import ./guests.nix { inherit lib; hostArch = pkgs.stdenv.hostPlatform.parsed.cpu.name; };
  version = (lib.importJSON ../package.json).version;

  libcrypto-static = pkgs.openssl.override { static = true; };
  guest-cc = pkgs.callPackage ./guest-cc.nix { inherit libcrypto-static; };
  qemu-headless = pkgs.callPackage ./qemu-headless.nix { };
  linux-src = pkgs.callPackage ./linux-src.nix { };
  toolchain = pkgs.callPackage ./toolchain.nix { inherit qemu-headless linux-src guest-cc libcrypto-static; };
  vmgate = pkgs.callPackage ./vmgate.nix { src = source ../.; };

  # `values`: the { nix = NAME; } words of the build's command line.
  build = name: kind: values: pkgs.callPackage ./run-cli.nix {
    inherit vmgate toolchain name;
    src = source ../.;
    command = words.render (lib.mapAttrs (_: lib.escapeShellArg) values // { out = "\"$out\""; }) cli.builds.${kind};
  };
  kernels = lib.listToAttrs (map (kernel: lib.nameValuePair "kernel-${kernel}"
    (build "kernel-${kernel}" "kernel" { inherit kernel; })) guests.kernels);
  roots = lib.mapAttrs (name: target: build name "root" { inherit (target) root kernel; }) guests.roots;

  packages = kernels // roots // {
    inherit vmgate qemu-headless;
    default = vmgate;
    relay = pkgs.callPackage ./relay.nix { inherit version; src = source ../pkgs/relay; };
    kmod = pkgs.callPackage ./kmod.nix {
      inherit toolchain guest-cc version;
      src = source ../pkgs/kmod;
      kernel = kernels.kernel-microvm-kmod or null;
    };
  };
in
{
  inherit packages;
  apps = pkgs.callPackage ./apps.nix { inherit vmgate toolchain words; commands = cli.apps; };
  # The checks boot guests; a host that can't build them has none rather
  # than failing ones.
  checks = lib.optionalAttrs (guests.kernels != [ ])
    (pkgs.callPackage ./checks.nix { inherit vmgate toolchain words; commands = cli.checks; src = source ../.; });
  shell = pkgs.callPackage ./shell.nix { inherit toolchain; };
}
