{
  description = "vmgate: kernel and network integration tests in headless QEMU guests";

  # Thin by design: the logic lives in the vmgate CLI. Nix supplies tools
  # through the VMGATE_* variables of the toolchain contract and calls the
  # CLI; nix/default.nix wires one system, and non-flake users reach the same
  # file through npins/, which pins the same nixpkgs as flake.lock.
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAll = f: nixpkgs.lib.genAttrs systems (system: f (import ./nix { pkgs = nixpkgs.legacyPackages.${system}; }));
    in
    {
      packages = forAll (vmgate: vmgate.packages);
      apps = forAll (vmgate: vmgate.apps);
      checks = forAll (vmgate: vmgate.checks);
      devShells = forAll (vmgate: { default = vmgate.shell; });
    };
}
