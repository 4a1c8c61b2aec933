{
  description = "vmgate: kernel and network integration tests in headless QEMU guests";

  # Thin by design: the logic lives in the vmgate CLI. Nix only supplies tools
  # through the VMGATE_* variables of the toolchain contract and calls the CLI.
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.05";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAll = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
      toolEnv = pkgs: {
        VMGATE_QEMU_X86_64 = "${pkgs.qemu_kvm}/bin/qemu-system-x86_64";
        VMGATE_BUSYBOX_X86_64 = "${pkgs.pkgsStatic.busybox}/bin/busybox";
        VMGATE_LINUX_SRC = "${pkgs.linux_6_1.src}";
      };
    in {
      devShells = forAll (pkgs: {
        default = pkgs.mkShell ({
          packages = [ pkgs.nodejs_20 pkgs.just pkgs.gnumake pkgs.gcc pkgs.flex pkgs.bison pkgs.bc pkgs.elfutils pkgs.openssl pkgs.cpio ];
        } // toolEnv pkgs);
      });
    };
}
