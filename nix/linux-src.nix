# The kernel source behind VMGATE_LINUX_SRC: nixpkgs' 6.1 LTS tarball (the
# series Debian's linux-source-6.1 carries), unpacked once with its scripts'
# shebangs pointed into the store, since the build sandbox has no
# /usr/bin/env. The toolkit uses a directory as it is.
{ runCommand, linux_6_1, perl, python3 }:
runCommand "linux-src-${linux_6_1.version}" { nativeBuildInputs = [ perl python3 ]; } ''
  mkdir $out
  tar -xf ${linux_6_1.src} -C $out --strip-components=1
  patchShebangs $out/scripts $out/tools
''
