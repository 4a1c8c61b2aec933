# The guest artifacts the project defines, read from kernels/*.json,
# roots/*.json and the components.json beside native sources: a new
# definition needs no Nix edit.
{ lib, hostArch }:
let
  definitions = dir: map (lib.removeSuffix ".json") (lib.filter (lib.hasSuffix ".json") (lib.attrNames (builtins.readDir dir)));
  # Every kernel builds on any host: the guest's compiler (native or cross,
  # nix/toolchain.nix) builds the kernel, the host's own its host programs.
  kernels = definitions ../kernels;
  # Native components, from their declarations (pkgs/*/components.json,
  # roots/*/components.json), as ts/src/native/components.ts finds them.
  declarations = dir: map (sub: dir + "/${sub}/components.json")
    (lib.filter (sub: builtins.pathExists (dir + "/${sub}/components.json")) (lib.attrNames (builtins.readDir dir)));
  components = builtins.foldl' (all: file: all // lib.importJSON file) { } (lib.concatMap declarations [ ../pkgs ../roots ]);
  # A root that carries a component built against the kernel (a module).
  carriesModule = root: builtins.any (name: components.${name}.needsKernel or false)
    ((lib.importJSON (../roots + "/${root}.json")).native or [ ]);
  # The kernel a root is built for sets its arch. On x86_64: a root that
  # carries a module needs the kernel with loadable modules; on aarch64 one
  # kernel has everything.
  kernelFor = {
    x86_64 = root: if carriesModule root then "microvm-kmod" else "microvm";
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
