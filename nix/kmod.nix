# tcpstats by pkgs/kmod's Makefile: the static userland (`make user`:
# tcpstats-read, tcpstats-live) for the host's arch, and, where the host
# builds the kernel-microvm-kmod package, the module against that package's
# build tree (`make kmod KDIR=`), compiled by the compiler the kernel was.
{ lib, stdenvNoCC, pkgsStatic, symlinkJoin, toolchain, guest-cc, src, version, kernel ? null }:
let
  user = pkgsStatic.stdenv.mkDerivation {
    pname = "tcpstats-user";
    inherit src version;
    makeFlags = [ "CC=${pkgsStatic.stdenv.cc.targetPrefix}cc" "user" ];
    installPhase = "install -Dm755 -t $out/bin build/user/tcpstats-read build/user/tcpstats-live";
  };
  module = stdenvNoCC.mkDerivation {
    pname = "tcpstats-module";
    inherit src version;
    nativeBuildInputs = toolchain.path;
    hardeningDisable = [ "all" ];
    makeFlags = [ "CC=${guest-cc}/bin/gcc" "KDIR=${kernel}/build" "kmod" ];
    installPhase = "install -Dm644 -t $out/lib/modules build/module/tcpstats.ko";
  };
in
if kernel == null then user else symlinkJoin { name = "tcpstats-${version}"; paths = [ user module ]; }
