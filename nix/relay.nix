# relayd and relayctl for the host's arch, static, by pkgs/relay's Makefile
# (`make all` links libcrypto statically).
{ pkgsStatic, src, version }:
pkgsStatic.stdenv.mkDerivation {
  pname = "relayd";
  inherit src version;
  buildInputs = [ pkgsStatic.openssl ];
  makeFlags = [ "CC=${pkgsStatic.stdenv.cc.targetPrefix}cc" "all" ];
  installPhase = "install -Dm755 -t $out/bin build/relayd build/relayctl";
}
