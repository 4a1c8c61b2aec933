# The pins in sources.json (written by the npins tool: `npins update nixpkgs`)
# as store paths, for users without flakes: `import (import ./npins).nixpkgs { }`.
# nixpkgs is pinned to the same revision and hash as flake.lock; `just
# nix-lint` checks that the two agree.
let
  sources = builtins.fromJSON (builtins.readFile ./sources.json);
  fetch = name: pin:
    if pin.type == "Git" && pin ? url then
      builtins.fetchTarball { inherit (pin) url; sha256 = pin.hash; name = "${name}-src"; }
    else
      throw "npins/sources.json: pin '${name}' is a ${pin.type} pin without a tarball url; this loader fetches GitHub-hosted Git pins only";
in
if sources.version != 7 then
  throw "npins/sources.json is format version ${toString sources.version}; this loader reads version 7"
else
  builtins.mapAttrs fetch sources.pins
