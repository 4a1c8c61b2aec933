# The guest artifacts the project defines, read from kernels/*.json and
# roots/*.json: a new definition needs no Nix edit.
{ lib, hostArch }:
let
  definitions = dir: map (lib.removeSuffix ".json") (lib.filter (lib.hasSuffix ".json") (lib.attrNames (builtins.readDir dir)));
  arch = kernel: (lib.importJSON (../kernels + "/${kernel}.json")).arch;
  # The toolkit builds a kernel's host tools with the guest's compiler, so a
  # kernel is built on a host of its own arch (today every kernel is x86_64).
  kernels = lib.filter (kernel: arch kernel == hostArch) (definitions ../kernels);
  # The kernel a root is built for: it sets the arch, and a root that carries
  # tcpstats.ko needs the kernel with loadable modules (roots/kmodroot.json says so).
  rootKernel = root: { kmodroot = "microvm-kmod"; }.${root} or "microvm";
in
{
  inherit kernels rootKernel;
  roots = lib.filter (root: lib.elem (rootKernel root) kernels) (definitions ../roots);
}
