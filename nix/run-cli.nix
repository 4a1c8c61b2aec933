# One vmgate command line run in the builder: the toolchain contract pointing
# into the store, a throwaway VMGATE_STORE, the project's own tree as
# VMGATE_HOME (writable: components build from copies of it). Kernels and
# roots are built this way (`vmgate build ... --out $out`), so the fragment
# merge, the symbol check and the reproducible cpio are the toolkit's alone;
# the VM smoke check runs a guest the same way.
{ lib, stdenvNoCC, vmgate, toolchain, src, name, command }:
stdenvNoCC.mkDerivation {
  inherit name src;
  nativeBuildInputs = [ vmgate ] ++ toolchain.path;
  # The compiler wrapper's hardening would add a stack protector and fortify
  # to the kernel; the kernel's config decides those.
  hardeningDisable = [ "all" ];
  dontConfigure = true;
  buildPhase = ''
    runHook preBuild
    ${toolchain.exports}
    export VMGATE_HOME="$PWD"
    export VMGATE_STORE="$TMPDIR/vmgate-store"
    # The toolkit's default mtime (0), as on Debian, rather than stdenv's 1980.
    unset SOURCE_DATE_EPOCH
    vmgate ${command}
    runHook postBuild
  '';
  installPhase = "mkdir -p $out";
  # A kernel's build tree keeps its objects and host tools as built: modules compile against it.
  dontStrip = true;
  dontPatchELF = true;
}
