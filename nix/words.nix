# Renders a command line from cli.nix as shell words.
{ lib }:
{
  # `values`: a shell word for each { nix = NAME; } slot.
  render = values: argv: lib.concatMapStringsSep " " (word:
    if builtins.isString word then lib.escapeShellArg word
    else if word ? default then "\"\${" + word.env + ":-" + word.default + "}\""
    else if word ? env then "\"\${" + word.env + "}\""
    else values.${word.nix}) argv;

  # For each { env } word without a default: stop with a usage error (exit 2) naming the variable when it is unset.
  requireEnv = app: argv: lib.concatMapStrings (word: lib.optionalString (word ? env) ''
    if [ -z "''${${word.env}:-}" ]; then
      echo ${lib.escapeShellArg "${app}: set ${word.env} to ${word.what}"} >&2
      exit 2
    fi
  '') (lib.filter (word: !builtins.isString word && !(word ? default)) argv);
}
