# The machines the tcpstats suite runs on over ssh: one app per host
# (`nix run .#remote-<name>`) and `remote-all` for all of them at once.
# `destination` is what ssh connects to, [USER@]HOST[:PORT]; ~/.ssh/config applies.
# At run time VMGATE_REMOTE_HOST replaces a host app's destination,
# VMGATE_REMOTE_DIR where the sources go there (default ~/.vmgate-kmod), and
# INTEGRATION_TARGET the target (default `integration`: live_integration where
# the host loads modules, compile-only where it cannot, as on FreeBSD).
# Arguments after `--` pass through: `nix run .#remote-debian -- --category port`.
{
  freebsd = { destination = "ci@freebsd-14"; };
  debian = { destination = "root@debian-12"; };
}
