# A directory of the project as a store path, without what .gitignore keeps
# out of git (node_modules, dist, results, build dirs), so a local build tree
# never leaks into a derivation and unrelated files don't change its hash.
{ lib }:
dir:
lib.cleanSourceWith {
  src = lib.cleanSource dir;
  filter = path: type: !(builtins.elem (baseNameOf path) [ "node_modules" "dist" "results" "scratch" "build" ".tap" ]);
}
