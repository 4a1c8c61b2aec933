# The C compiler behind VMGATE_CC_<ARCH> for a guest arch that is not the
# host's: nixpkgs' cross gcc for `target`, with its binutils in the same bin
# dir (kbuild finds <triple>-ld beside <triple>-gcc through CROSS_COMPILE) and,
# like guest-cc.nix, the guest's static glibc and libcrypto on its search
# paths so the natives link statically. Kernel host programs use the host's
# own compiler (HOSTCC), so this one needs no host libraries.
{ lib, target, libcrypto-static }:
target.buildPackages.wrapCCWith {
  inherit (target.stdenv.cc) cc bintools;
  extraBuildCommands = ''
    echo "-isystem ${lib.getDev libcrypto-static}/include -isystem ${lib.getDev target.libbpf}/include" >> $out/nix-support/cc-cflags
    echo "-L${target.glibc.static}/lib -L${lib.getLib libcrypto-static}/lib -L${lib.getLib target.libbpf}/lib -L${lib.getLib target.elfutils}/lib -L${target.zlib.static}/lib" >> $out/nix-support/cc-ldflags
  '';
}
