# The guest artifacts the project defines, read from kernels/*.json and
# roots/*.json: a new definition needs no Nix edit.
{ lib, hostArch }:
let
  definitions = dir: map (lib.removeSuffix ".json") (lib.filter (lib.hasSuffix ".json") (lib.attrNames (builtins.readDir dir)));
  # Every kernel builds on any host: the guest's compiler (native or cross,
  # nix/toolchain.nix) builds the kernel, the host's own its host programs.
  kernels = definitions ../kernels;
  # The kernel a root is built for sets its arch. On x86_64: a root that
  # carries tcpstats.ko needs the kernel with loadable modules (roots/kmodroot.json
  # says so); on aarch64 one kernel has everything.
  kernelFor = {
    x86_64 = root: { kmodroot = "microvm-kmod"; }.${root} or "microvm";
    aarch64 = _: "virt-aarch64";
  };
  # Each root for each arch: ROOT for the host's arch, ROOT-ARCH for the other.
  rootName = arch: root: if arch == hostArch then root else "${root}-${arch}";
  roots = lib.listToAttrs (lib.concatMap (arch: map (root: lib.nameValuePair (rootName arch root) { inherit root; kernel = kernelFor.${arch} root; })
    (definitions ../roots)) (lib.attrNames kernelFor));
in
{
  inherit kernels roots;
}
