# Every vmgate command line the Nix side runs, as data: the apps, the checks
# and the artifact builds render these words, and `just nix-lint` evaluates
# this file and checks each line against the CLI's command tree.
#
# A word is a literal string; { env = NAME; what = TEXT; }, a value the
# caller's environment supplies (the app stops, naming NAME, when it is
# unset); or { nix = NAME; }, a value the derivation fills in.
let
  # One app per kmod target: the host targets, the live ones, and live_all.
  kmodTargets = [
    "unit" "asan" "ubsan" "memcheck" "fuzz" "bench" "callgrind" "kmod" "bench_read" "gen_conn"
    "live_smoke" "live_stats" "live_dos" "live_integration" "live_trace" "live_bench" "live_all"
  ];
  kmodApps = builtins.listToAttrs (map (target: { name = "kmod-${target}"; value = [ "kmod" target ]; }) kmodTargets);
  # One check per scenario, so remote builders or Hydra spread them across
  # machines. The list is `vmgate scenario list --json`, checked in;
  # `just nix-lint` fails when it drifts from the catalog.
  # One app per host of the table, plus one for all of them.
  remoteHosts = import ./remote-hosts.nix;
  remoteTail = [
    "--remote-dir" { env = "VMGATE_REMOTE_DIR"; default = ".vmgate-kmod"; }
    { env = "INTEGRATION_TARGET"; default = "integration"; }
  ];
  remoteApps = builtins.listToAttrs (map (name: {
    name = "remote-${name}";
    value = [ "kmod" "--host" { env = "VMGATE_REMOTE_HOST"; default = remoteHosts.${name}.destination; } ] ++ remoteTail;
  }) (builtins.attrNames remoteHosts)) // {
    remote-all = [ "kmod" ] ++ builtins.concatMap (name: [ "--host" remoteHosts.${name}.destination ]) (builtins.attrNames remoteHosts) ++ remoteTail;
  };
  checkName = name: "scenario-" + builtins.replaceStrings [ "[" "]" "=" "," ] [ "-" "" "-" "-" ] name;
  scenarioChecks = builtins.listToAttrs (map (s: { name = checkName s.name; value = [ "scenario" "run" s.name ]; })
    (builtins.fromJSON (builtins.readFile ./scenarios.json)));
in
{
  apps = kmodApps // remoteApps // {
    smoke = [ "scenario" "run" "--tag" "relay" "--tag" "smoke" ];
    resilience = [ "scenario" "run" "--tag" "relay" "--tag" "resilience" ];
    bench = [ "bench" "tunnel" ];
    integration-test-freebsd = [
      "kmod" "--host"
      { env = "VMGATE_FREEBSD_HOST"; what = "the ssh destination of a FreeBSD machine with a C compiler and make, e.g. user@freebsd-box"; }
      "compile-only"
    ];
    shell = [ "shell" ];
    doctor = [ "doctor" ];
  };

  checks = scenarioChecks // {
    # One guest, one command: the kernel and testroot built and booted in the builder.
    vm-smoke = [ "run" "--" "true" ];
  };

  builds = {
    kernel = [ "build" "--kernel" { nix = "kernel"; } "--only" "kernel" "--out" { nix = "out"; } ];
    root = [ "build" "--kernel" { nix = "kernel"; } "--root" { nix = "root"; } "--only" "root" "--out" { nix = "out"; } ];
  };
}
