# The toolchain contract (ts/src/toolchain/tools.ts) provided from nixpkgs:
# each VMGATE_* variable the toolkit reads, pointed at a store path. Apps,
# checks and artifact builds export these and run the CLI a Debian machine
# runs. `just nix-lint` fails on a variable here that the toolkit doesn't read.
{ lib, stdenv, pkgs, qemu-headless, linux-src, guest-cc, libcrypto-static }:
let
  bin = pkg: name: "${lib.getBin pkg}/bin/${name}";
  cpu = stdenv.hostPlatform.parsed.cpu.name;

  # What each guest arch's programs are built with and linked against: on a
  # host of that arch its own compiler, as on Debian; otherwise nixpkgs'
  # cross package set, whose compiler is <triple>-gcc (the toolkit derives
  # kbuild's CROSS_COMPILE from that name).
  crossSystems = { x86_64 = "gnu64"; aarch64 = "aarch64-multiplatform"; };
  guestTools = arch:
    let
      native = arch == cpu;
      target = if native then pkgs else pkgs.pkgsCross.${crossSystems.${arch}};
      crypto = if native then libcrypto-static else target.openssl.override { static = true; };
    in {
      cc = if native then bin guest-cc "gcc"
        else bin (pkgs.callPackage ./guest-cc-cross.nix { inherit target; libcrypto-static = crypto; }) "${target.stdenv.cc.targetPrefix}gcc";
      libc = "${target.glibc.static}/lib/libc.a";
      libcrypto = "${lib.getLib crypto}/lib/libcrypto.a";
      # relayd's XDP loader, linked statically.
      libbpf = "${lib.getLib target.libbpf}/lib/libbpf.a";
      libelf = "${lib.getLib target.elfutils}/lib/libelf.a";
      libz = "${target.zlib.static}/lib/libz.a";
      busybox = bin target.pkgsStatic.busybox "busybox";
      # A root's host tools for a guest of another arch; their libraries are
      # found through the RUNPATH nixpkgs gives them (ts/src/initramfs/foreign-libs.ts).
      wg = bin target.wireguard-tools "wg";
      ip = bin target.iproute2 "ip";
      iperf3 = bin target.iperf3 "iperf3";
    };
  x86_64 = guestTools "x86_64";
  aarch64 = guestTools "aarch64";
  guests = {
    VMGATE_CC_X86_64 = x86_64.cc;
    VMGATE_LIBC_STATIC = x86_64.libc;
    VMGATE_LIBCRYPTO_STATIC = x86_64.libcrypto;
    VMGATE_LIBBPF_STATIC = x86_64.libbpf;
    VMGATE_LIBELF_STATIC = x86_64.libelf;
    VMGATE_LIBZ_STATIC = x86_64.libz;
    VMGATE_BUSYBOX_X86_64 = x86_64.busybox;
    VMGATE_CC_AARCH64 = aarch64.cc;
    VMGATE_LIBC_STATIC_AARCH64 = aarch64.libc;
    VMGATE_LIBCRYPTO_STATIC_AARCH64 = aarch64.libcrypto;
    VMGATE_LIBBPF_STATIC_AARCH64 = aarch64.libbpf;
    VMGATE_LIBELF_STATIC_AARCH64 = aarch64.libelf;
    VMGATE_LIBZ_STATIC_AARCH64 = aarch64.libz;
    VMGATE_BUSYBOX_AARCH64 = aarch64.busybox;
    VMGATE_WG_AARCH64 = aarch64.wg;
    VMGATE_IP_AARCH64 = aarch64.ip;
    VMGATE_IPERF3_AARCH64 = aarch64.iperf3;
  };

  env = guests // {
    VMGATE_QEMU_X86_64 = bin qemu-headless "qemu-system-x86_64";
    VMGATE_QEMU_AARCH64 = bin qemu-headless "qemu-system-aarch64";
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
    VMGATE_ETHTOOL = bin pkgs.ethtool "ethtool";
    VMGATE_BPFTOOL = bin pkgs.bpftools "bpftool";
    VMGATE_TC = bin pkgs.iproute2 "tc";
    VMGATE_IP = bin pkgs.iproute2 "ip";
    VMGATE_WG = bin pkgs.wireguard-tools "wg";
    VMGATE_IPERF3 = bin pkgs.iperf3 "iperf3";
    VMGATE_READELF = bin pkgs.binutils "readelf";
    VMGATE_VALGRIND = bin pkgs.valgrind "valgrind";
    VMGATE_LIBMICROHTTPD_H = "${lib.getDev pkgs.libmicrohttpd}/include/microhttpd.h";
    VMGATE_PROMTOOL = bin pkgs.prometheus "promtool";
    VMGATE_SSH = bin pkgs.openssh "ssh";
    VMGATE_RSYNC = bin pkgs.rsync "rsync";
    VMGATE_SSHD = bin pkgs.openssh "sshd";
    VMGATE_SSH_KEYGEN = bin pkgs.openssh "ssh-keygen";
    VMGATE_GIT = bin pkgs.git "git";
    VMGATE_NIX_INSTANTIATE = bin pkgs.nix "nix-instantiate";
    VMGATE_MMDEBSTRAP = bin pkgs.mmdebstrap "mmdebstrap";
    VMGATE_MKFS_EXT4 = bin pkgs.e2fsprogs "mkfs.ext4";
    VMGATE_DEBUGFS = bin pkgs.e2fsprogs "debugfs";
    VMGATE_MKFS_VFAT = bin pkgs.dosfstools "mkfs.fat";
    VMGATE_MCOPY = bin pkgs.mtools "mcopy";
    VMGATE_MMD = bin pkgs.mtools "mmd";
    VMGATE_OVMF_CODE = "${pkgs.OVMF.fd}/FV/OVMF_CODE.fd";
    VMGATE_OVMF_VARS = "${pkgs.OVMF.fd}/FV/OVMF_VARS.fd";
    VMGATE_AAVMF_CODE = "${pkgs.pkgsCross.aarch64-multiplatform.OVMF.fd}/FV/AAVMF_CODE.fd";
    VMGATE_AAVMF_VARS = "${pkgs.pkgsCross.aarch64-multiplatform.OVMF.fd}/FV/AAVMF_VARS.fd";
    VMGATE_PASST = bin pkgs.passt "passt";
    # qemu-user for another arch's image. binfmt_misc is the system's (NixOS:
    # boot.binfmt.emulatedSystems); update-binfmts and arch-test have no nixpkgs
    # package, and nixpkgs' mmdebstrap sets its own PATH, so such a build is Debian's.
    VMGATE_QEMU_AARCH64_STATIC = bin pkgs.pkgsStatic.qemu-user "qemu-aarch64";
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
