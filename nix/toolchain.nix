# The toolchain contract (ts/src/toolchain/tools.ts) provided from nixpkgs:
# each VMGATE_* variable the toolkit reads, pointed at a store path. Apps,
# checks and artifact builds export these and run the CLI a Debian machine
# runs. `just nix-lint` fails on a variable here that the toolkit doesn't read.
{ lib, stdenv, pkgs, qemu-headless, linux-src, guest-cc, libcrypto-static }:
let
  bin = pkg: name: "${lib.getBin pkg}/bin/${name}";
  cpu = stdenv.hostPlatform.parsed.cpu.name;

  # Programs for x86_64 guests (the only guest arch the toolkit lowers yet)
  # are built by the host's own compiler, as on Debian. On other hosts these
  # stay unset and `vmgate doctor` names them.
  x86_64Guests = lib.optionalAttrs stdenv.hostPlatform.isx86_64 {
    VMGATE_BUSYBOX_X86_64 = bin pkgs.pkgsStatic.busybox "busybox";
    VMGATE_CC_X86_64 = bin guest-cc "gcc";
    VMGATE_LIBC_STATIC = "${pkgs.glibc.static}/lib/libc.a";
    VMGATE_LIBCRYPTO_STATIC = "${lib.getLib libcrypto-static}/lib/libcrypto.a";
  };

  env = x86_64Guests // {
    VMGATE_QEMU_X86_64 = bin qemu-headless "qemu-system-x86_64";
    VMGATE_LINUX_SRC = "${linux-src}";
    VMGATE_SETPRIV = bin pkgs.util-linux "setpriv";
    VMGATE_MAKE = bin pkgs.gnumake "make";
    VMGATE_FLEX = bin pkgs.flex "flex";
    VMGATE_BISON = bin pkgs.bison "bison";
    VMGATE_BC = bin pkgs.bc "bc";
    VMGATE_XZ = bin pkgs.xz "xz";
    VMGATE_LZ4 = bin pkgs.lz4 "lz4";
    VMGATE_LIBELF_H = "${lib.getDev pkgs.elfutils}/include/libelf.h";
    VMGATE_CLANG = bin pkgs.clang "clang";
    VMGATE_LIBFUZZER = "${pkgs.llvmPackages.compiler-rt}/lib/linux/libclang_rt.fuzzer-${cpu}.a";
    VMGATE_SOCAT = bin pkgs.socat "socat";
    VMGATE_CPIO = bin pkgs.cpio "cpio";
    VMGATE_TCPDUMP = bin pkgs.tcpdump "tcpdump";
    VMGATE_TC = bin pkgs.iproute2 "tc";
    VMGATE_IP = bin pkgs.iproute2 "ip";
    VMGATE_WG = bin pkgs.wireguard-tools "wg";
    VMGATE_IPERF3 = bin pkgs.iperf3 "iperf3";
    VMGATE_VALGRIND = bin pkgs.valgrind "valgrind";
    VMGATE_SSH = bin pkgs.openssh "ssh";
    VMGATE_RSYNC = bin pkgs.rsync "rsync";
    VMGATE_GIT = bin pkgs.git "git";
    VMGATE_NIX_INSTANTIATE = bin pkgs.nix "nix-instantiate";
  };
in
{
  inherit env;

  # What the kernel's and the components' Makefiles find on PATH by name (on
  # Debian, /usr/bin), and ldd, which the toolkit runs for a root's host tools.
  path = with pkgs; [
    bash coreutils findutils diffutils gnugrep gnused gawk gnutar gzip
    gnumake flex bison bc perl xz lz4 pkg-config elfutils glibc.bin
  ];

  # Shell lines exporting the contract; a variable the caller already set wins, as everywhere in vmgate.
  exports = lib.concatStringsSep "\n" (lib.mapAttrsToList (name: value: "export ${name}=\"\${${name}:-${value}}\"") env);
}
