# The C compiler behind VMGATE_CC_X86_64. The toolkit uses one compiler for
# the kernel, the kernel's host tools and the static guest programs, as
# Debian's gcc serves all three; Debian's finds libc.a, libcrypto.a, libelf
# and the OpenSSL headers in its default paths, so this one is told where
# they are. The static archives' directories come after glibc's own on the
# search path, so dynamic links (the kernel's host tools) still take libc.so.
# Hardening flags are not baked in: outside a derivation the wrapper adds
# none, and the derivations that run it turn them off (the kernel sets its own).
{ lib, wrapCCWith, gcc, glibc, elfutils, zlib, libbpf, libcrypto-static }:
wrapCCWith {
  inherit (gcc) cc;
  extraBuildCommands = ''
    echo "-isystem ${lib.getDev libcrypto-static}/include -isystem ${lib.getDev elfutils}/include -isystem ${lib.getDev libbpf}/include" >> $out/nix-support/cc-cflags
    echo "-L${lib.getLib elfutils}/lib -L${lib.getLib zlib}/lib -L${glibc.static}/lib -L${lib.getLib libcrypto-static}/lib -L${lib.getLib libbpf}/lib -L${zlib.static}/lib" >> $out/nix-support/cc-ldflags
  '';
}
