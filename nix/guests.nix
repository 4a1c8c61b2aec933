# The guest artifacts the project defines, read from kernels/*.json and from
# what vmgate.toml's [project] lists (root directories, the directories with a
# components.json), as ts/src/project/project.ts reads it: a new definition
# needs no Nix edit.
{ lib, hostArch }:
let
  definitions = dir: map (lib.removeSuffix ".json") (lib.filter (lib.hasSuffix ".json") (lib.attrNames (builtins.readDir dir)));
  project = (builtins.fromTOML (builtins.readFile ../vmgate.toml)).project;
  # Every kernel builds on any host: the guest's compiler (native or cross,
  # nix/toolchain.nix) builds the kernel, the host's own its host programs.
  kernels = definitions ../kernels;
  kernelDefinition = name: lib.importJSON (../kernels + "/${name}.json");
  components = builtins.foldl' (all: dir: all // lib.importJSON (../. + "/${dir}/components.json")) { } project.components;
  # Root name → its definition file, from every root directory.
  rootFiles = builtins.listToAttrs (lib.concatMap (dir: map (root: lib.nameValuePair root (../. + "/${dir}/${root}.json"))
    (definitions (../. + "/${dir}"))) project.roots);
  # A root that carries a component built against the kernel (a module).
  carriesModule = root: builtins.any (name: components.${name}.needsKernel or false)
    ((lib.importJSON rootFiles.${root}).native or [ ]);
  # On x86_64, the kernel for a root that carries a module: the definition with
  # loadable modules (the modules fragment) and the fewest fragments.
  modulesKernel = builtins.head (builtins.sort (a: b: builtins.length (kernelDefinition a).fragments < builtins.length (kernelDefinition b).fragments)
    (lib.filter (name: let k = kernelDefinition name; in k.arch == "x86_64" && lib.elem "modules" k.fragments) kernels));
  # The kernel a root is built for sets its arch. On aarch64 one kernel has everything.
  kernelFor = {
    x86_64 = root: if carriesModule root then modulesKernel else "microvm";
    aarch64 = _: "virt-aarch64";
  };
  # Each root for each arch: ROOT for the host's arch, ROOT-ARCH for the other.
  rootName = arch: root: if arch == hostArch then root else "${root}-${arch}";
  roots = lib.listToAttrs (lib.concatMap (arch: map (root: lib.nameValuePair (rootName arch root) { inherit root; kernel = kernelFor.${arch} root; })
    (lib.attrNames rootFiles)) (lib.attrNames kernelFor));
in
{
  inherit kernels roots;
}
