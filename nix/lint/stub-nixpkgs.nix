# A stand-in for the slice of nixpkgs that nix/ uses, so `just nix-lint` can
# evaluate nix/default.nix where no nixpkgs is reachable. It proves the wiring
# between the files in nix/ (arguments, attribute names, rendered command
# lines), not nixpkgs' own interface: each name below mirrors a real one.
# Derivations are attribute sets that keep their arguments; a script's out
# path is its text, so an app's program string shows what it would run.
{ cpu }:
let
  lib = {
    inherit (builtins) attrNames elem filter listToAttrs mapAttrs concatStringsSep concatMap;
    cleanSource = src: src;
    cleanSourceWith = { src, filter }: src;
    escapeShellArg = arg: "'" + builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString arg) + "'";
    concatMapStrings = f: list: concatStringsSep "" (map f list);
    concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);
    optionalString = cond: string: if cond then string else "";
    optionalAttrs = cond: attrs: if cond then attrs else { };
    hasSuffix = suffix: string: let n = builtins.stringLength string; m = builtins.stringLength suffix; in n >= m && builtins.substring (n - m) m string == suffix;
    removeSuffix = suffix: string: if lib.hasSuffix suffix string then builtins.substring 0 (builtins.stringLength string - builtins.stringLength suffix) string else string;
    importJSON = path: builtins.fromJSON (builtins.readFile path);
    mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (builtins.attrNames attrs);
    nameValuePair = name: value: { inherit name value; };
    genAttrs = names: f: builtins.listToAttrs (map (name: { inherit name; value = f name; }) names);
    getBin = pkg: pkg.bin or pkg;
    getDev = pkg: pkg.dev or pkg;
    getLib = pkg: pkg.lib or pkg;
    getExe = pkg: "${pkg}/bin/${pkg.meta.mainProgram or pkg.name}";
  };
  inherit (builtins) concatStringsSep;

  drv = name: attrs: attrs // {
    inherit name;
    type = "derivation";
    outPath = "/nix/store/stub-${name}";
    overrideAttrs = f: drv name (attrs // f attrs);
    override = args: drv name (attrs // { overriddenWith = args; });
  };
  mkDerivation = attrs: drv (attrs.name or "${attrs.pname}-${attrs.version}") attrs;
  stdenv = {
    inherit mkDerivation;
    hostPlatform = { parsed.cpu.name = cpu; isx86_64 = cpu == "x86_64"; };
    cc = drv "gcc-wrapper" { targetPrefix = ""; };
  };
  callPackage = fn: args: let f = if builtins.isFunction fn then fn else import fn; in f (builtins.intersectAttrs (builtins.functionArgs f) pkgs // args);

  crossSet = triple: {
    stdenv.cc = drv "${triple}-gcc-wrapper" { targetPrefix = "${triple}-"; cc = drv "${triple}-gcc" { }; bintools = drv "${triple}-binutils" { }; };
    glibc = drv "${triple}-glibc" { static = drv "${triple}-glibc-static" { }; };
    openssl = drv "${triple}-openssl" { };
    libbpf = drv "${triple}-libbpf" { };
    elfutils = drv "${triple}-elfutils" { };
    zlib = drv "${triple}-zlib" { static = drv "${triple}-zlib-static" { }; };
    OVMF.fd = drv "${triple}-OVMF-fd" { };
    pkgsStatic.busybox = drv "${triple}-busybox-static" { };
    wireguard-tools = drv "${triple}-wireguard-tools" { };
    iproute2 = drv "${triple}-iproute2" { };
    iperf3 = drv "${triple}-iperf3" { };
    buildPackages.wrapCCWith = { cc, bintools, extraBuildCommands }: drv "${triple}-gcc-wrapper-vmgate" { inherit extraBuildCommands; };
  };
  plain = names: builtins.listToAttrs (map (name: { inherit name; value = drv name { }; }) names);
  pkgs = plain [
    "bash" "coreutils" "findutils" "diffutils" "gnugrep" "gnused" "gawk" "gnutar" "gzip" "gnumake" "flex" "bison" "bc"
    "perl" "python3" "xz" "lz4" "pkg-config" "elfutils" "zlib" "clang" "socat" "cpio" "iproute2" "wireguard-tools"
    "iperf3" "tcpdump" "ethtool" "bpftools" "libbpf" "git" "valgrind" "mmdebstrap" "e2fsprogs" "dosfstools" "mtools" "passt" "openssh" "rsync" "libmicrohttpd" "prometheus" "util-linux" "nix" "just" "makeWrapper" "qemu" "openssl" "gcc" "nodejs_22" "binutils"
  ] // {
    inherit lib stdenv callPackage pkgs;
    stdenvNoCC = stdenv;
    zlib = drv "zlib" { static = drv "zlib-static" { }; };
    glibc = drv "glibc" { bin = drv "glibc-bin" { }; static = drv "glibc-static" { }; };
    llvmPackages.compiler-rt = drv "compiler-rt" { };
    OVMF.fd = drv "OVMF-fd" { };
    linux_6_1 = drv "linux-6.1" { version = "6.1"; src = drv "linux-6.1.tar.xz" { }; };
    pkgsStatic = {
      stdenv = stdenv // { cc = drv "musl-gcc-wrapper" { targetPrefix = "${cpu}-unknown-linux-musl-"; }; };
      busybox = drv "busybox-static" { };
      openssl = drv "openssl-static" { };
      qemu-user = drv "qemu-user-static" { };
    };
    # Another arch's package set: its cross compiler (<triple>-gcc), libraries and static busybox.
    pkgsCross = builtins.mapAttrs (_: crossSet) { gnu64 = "x86_64-unknown-linux-gnu"; aarch64-multiplatform = "aarch64-unknown-linux-gnu"; };
    runCommand = name: attrs: script: drv name (attrs // { buildCommand = script; });
    symlinkJoin = { name, paths }: drv name { inherit paths; };
    wrapCCWith = { cc, extraBuildCommands }: drv "gcc-wrapper-vmgate" { inherit extraBuildCommands; };
    writeShellApplication = { name, runtimeInputs, text }: drv name { } // { outPath = text; };
    buildNpmPackage = mkDerivation;
    importNpmLock = (args: drv "npm-deps" args) // { npmConfigHook = drv "npm-config-hook" { }; };
    mkShell = attrs: drv "shell" attrs;
  };
in
pkgs
