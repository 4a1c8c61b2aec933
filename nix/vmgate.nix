# The vmgate CLI: the esbuild bundle (npm run build) and the project data it
# reads at run time (kernels/, vmgate.toml and the roots and C sources it lists), with a
# `vmgate` wrapper around node. importNpmLock (nixpkgs 24.05 and later)
# fetches each dependency by the integrity hash package-lock.json already
# records, so there is no npmDepsHash to keep in step with the lock.
# Node 22: package.json asks for node >= 20.19, newer than 24.05's node 20.
{ lib, buildNpmPackage, importNpmLock, nodejs_22, makeWrapper, src }:
buildNpmPackage {
  pname = "vmgate";
  version = (lib.importJSON ../package.json).version;
  inherit src;
  nodejs = nodejs_22;
  npmDeps = importNpmLock { npmRoot = src; };
  npmConfigHook = importNpmLock.npmConfigHook;
  npmBuildScript = "build";
  nativeBuildInputs = [ makeWrapper ];
  installPhase = ''
    runHook preInstall
    mkdir -p $out/share/vmgate
    cp -r dist kernels roots pkgs package.json vmgate.toml $out/share/vmgate/
    makeWrapper ${lib.getExe nodejs_22} $out/bin/vmgate --add-flags $out/share/vmgate/dist/vmgate.mjs
    runHook postInstall
  '';
  meta.mainProgram = "vmgate";
}
