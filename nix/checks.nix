# What `nix flake check` builds: the tap suite and a VM smoke, each through
# the same CLI and toolchain contract as everywhere else.
{ lib, callPackage, vmgate, toolchain, words, commands, src }:
{
  # Every test `just check` runs (unit, host and guest tests; guests run
  # under TCG when the builder has no KVM), after the bundle is built.
  tests = vmgate.overrideAttrs (old: {
    pname = "vmgate-tests";
    doCheck = true;
    nativeCheckInputs = toolchain.path;
    hardeningDisable = [ "all" ];
    checkPhase = ''
      runHook preCheck
      ${toolchain.exports}
      export VMGATE_STORE="$TMPDIR/vmgate-store"
      export HOME="$TMPDIR"
      npx tap
      runHook postCheck
    '';
  });
} // lib.mapAttrs (name: argv: callPackage ./run-cli.nix {
  inherit vmgate toolchain src;
  name = "vmgate-${name}";
  command = words.render { } argv;
}) commands
