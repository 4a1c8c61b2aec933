// Every external tool or artifact vmgate uses, resolved through one contract:
// the env var wins, otherwise the Debian path. The table is data; resolve.ts
// and doctor.ts read it.
import { UsageError } from '../errors.js'

export interface ToolSpec {
  name: string
  /** Env var whose value (a path) overrides the Debian location. */
  env: string
  /** Where Debian puts it. */
  debianPath: string
  /** The Debian package that provides `debianPath`; `pkg:arch` for another arch's, through multiarch. */
  debianPackage: string
  /**
   * Not installed but fetched (`apt-get download`) and unpacked into the
   * store's debs/ dir: for a package that can't be installed beside the
   * host's own. `debianPath` is then the path inside the package.
   */
  unpacked?: boolean
  /**
   * For an unpacked program of another arch: the packages of the shared
   * libraries it needs, unpacked into the same tree (the host has its own
   * arch's, not these). The guest's libc comes from the host's multiarch
   * libc6 (libc6-dev for that arch, a dependency of its static libraries).
   */
  withPackages?: string[]
  /** How to ask the tool its version; files without one use the package version. */
  versionArgs?: string[]
  /**
   * Which capability needs it; `core` tools must be present for `vmgate run`.
   * `components`: what a project's declarations name (a components.json's
   * staticLibs, hostTools and testTools, a root's hostTools); `vmgate doctor`
   * shows which of them.
   */
  neededFor: 'core' | 'kernel' | 'tests' | 'components' | 'remote' | 'nix' | 'aarch64' | 'image'
}

export const TOOLS: readonly ToolSpec[] = [
  {
    name: 'qemu-x86_64',
    env: 'VMGATE_QEMU_X86_64',
    debianPath: '/usr/bin/qemu-system-x86_64',
    debianPackage: 'qemu-system-x86',
    versionArgs: ['--version'],
    neededFor: 'core',
  },
  {
    name: 'busybox-x86_64',
    env: 'VMGATE_BUSYBOX_X86_64',
    debianPath: '/bin/busybox',
    debianPackage: 'busybox-static',
    versionArgs: ['--help'],
    neededFor: 'core',
  },
  // qemu is started through it, with a parent-death signal (ts/src/vm/machine.ts).
  {
    name: 'setpriv',
    env: 'VMGATE_SETPRIV',
    debianPath: '/usr/bin/setpriv',
    debianPackage: 'util-linux',
    versionArgs: ['--version'],
    neededFor: 'core',
  },
  {
    name: 'cc-x86_64',
    env: 'VMGATE_CC_X86_64',
    debianPath: '/usr/bin/gcc',
    debianPackage: 'gcc',
    versionArgs: ['--version'],
    neededFor: 'core',
  },
  {
    name: 'libc-static',
    env: 'VMGATE_LIBC_STATIC',
    debianPath: '/usr/lib/x86_64-linux-gnu/libc.a',
    debianPackage: 'libc6-dev',
    neededFor: 'core',
  },
  // aarch64 guests: qemu, the cross compiler and static libraries for the natives, busybox.
  {
    name: 'qemu-aarch64',
    env: 'VMGATE_QEMU_AARCH64',
    debianPath: '/usr/bin/qemu-system-aarch64',
    debianPackage: 'qemu-system-arm',
    versionArgs: ['--version'],
    neededFor: 'aarch64',
  },
  {
    name: 'cc-aarch64',
    env: 'VMGATE_CC_AARCH64',
    debianPath: '/usr/bin/aarch64-linux-gnu-gcc',
    debianPackage: 'gcc-aarch64-linux-gnu',
    versionArgs: ['--version'],
    neededFor: 'aarch64',
  },
  {
    name: 'libc-static-aarch64',
    env: 'VMGATE_LIBC_STATIC_AARCH64',
    debianPath: '/usr/aarch64-linux-gnu/lib/libc.a',
    debianPackage: 'libc6-dev-arm64-cross',
    neededFor: 'aarch64',
  },
  // Multi-Arch: same, so it installs beside the host's libssl-dev (both move to one version).
  {
    name: 'libcrypto-static-aarch64',
    env: 'VMGATE_LIBCRYPTO_STATIC_AARCH64',
    debianPath: '/usr/lib/aarch64-linux-gnu/libcrypto.a',
    debianPackage: 'libssl-dev:arm64',
    neededFor: 'aarch64',
  },
  // Components' static libraries for aarch64 guests: libbpf and what it links against (all Multi-Arch: same).
  {
    name: 'libbpf-static-aarch64',
    env: 'VMGATE_LIBBPF_STATIC_AARCH64',
    debianPath: '/usr/lib/aarch64-linux-gnu/libbpf.a',
    debianPackage: 'libbpf-dev:arm64',
    neededFor: 'aarch64',
  },
  {
    name: 'libelf-static-aarch64',
    env: 'VMGATE_LIBELF_STATIC_AARCH64',
    debianPath: '/usr/lib/aarch64-linux-gnu/libelf.a',
    debianPackage: 'libelf-dev:arm64',
    neededFor: 'aarch64',
  },
  {
    name: 'libz-static-aarch64',
    env: 'VMGATE_LIBZ_STATIC_AARCH64',
    debianPath: '/usr/lib/aarch64-linux-gnu/libz.a',
    debianPackage: 'zlib1g-dev:arm64',
    neededFor: 'aarch64',
  },
  // busybox-static is not Multi-Arch: same; installing the arm64 one would remove the host's.
  {
    name: 'busybox-aarch64',
    env: 'VMGATE_BUSYBOX_AARCH64',
    debianPath: '/bin/busybox',
    debianPackage: 'busybox-static:arm64',
    unpacked: true,
    neededFor: 'aarch64',
  },
  {
    name: 'linux-src',
    env: 'VMGATE_LINUX_SRC',
    debianPath: '/usr/src/linux-source-6.1.tar.xz',
    debianPackage: 'linux-source-6.1',
    neededFor: 'kernel',
  },
  {
    name: 'make',
    env: 'VMGATE_MAKE',
    debianPath: '/usr/bin/make',
    debianPackage: 'make',
    versionArgs: ['--version'],
    neededFor: 'kernel',
  },
  {
    name: 'flex',
    env: 'VMGATE_FLEX',
    debianPath: '/usr/bin/flex',
    debianPackage: 'flex',
    versionArgs: ['--version'],
    neededFor: 'kernel',
  },
  {
    name: 'bison',
    env: 'VMGATE_BISON',
    debianPath: '/usr/bin/bison',
    debianPackage: 'bison',
    versionArgs: ['--version'],
    neededFor: 'kernel',
  },
  {
    name: 'bc',
    env: 'VMGATE_BC',
    debianPath: '/usr/bin/bc',
    debianPackage: 'bc',
    versionArgs: ['--version'],
    neededFor: 'kernel',
  },
  {
    name: 'xz',
    env: 'VMGATE_XZ',
    debianPath: '/usr/bin/xz',
    debianPackage: 'xz-utils',
    versionArgs: ['--version'],
    neededFor: 'kernel',
  },
  // x86_64 kernel images are LZ4-compressed (kernels/fragments/x86_64.config).
  {
    name: 'lz4',
    env: 'VMGATE_LZ4',
    debianPath: '/usr/bin/lz4',
    debianPackage: 'lz4',
    versionArgs: ['--version'],
    neededFor: 'kernel',
  },
  // objtool, which x86_64 kernels run on every object, links against libelf.
  {
    name: 'libelf',
    env: 'VMGATE_LIBELF_H',
    debianPath: '/usr/include/libelf.h',
    debianPackage: 'libelf-dev',
    neededFor: 'kernel',
  },
  // Components' static libraries (a components.json's staticLibs), the compilers and tools their
  // builds and tests run (hostTools, testTools): libFuzzer targets, socat as a bench baseline.
  {
    name: 'libcrypto-static',
    env: 'VMGATE_LIBCRYPTO_STATIC',
    debianPath: '/usr/lib/x86_64-linux-gnu/libcrypto.a',
    debianPackage: 'libssl-dev',
    neededFor: 'components',
  },
  // An XDP loader links libbpf and libbpf's libelf and zlib statically.
  {
    name: 'libbpf-static',
    env: 'VMGATE_LIBBPF_STATIC',
    debianPath: '/usr/lib/x86_64-linux-gnu/libbpf.a',
    debianPackage: 'libbpf-dev',
    neededFor: 'components',
  },
  {
    name: 'libelf-static',
    env: 'VMGATE_LIBELF_STATIC',
    debianPath: '/usr/lib/x86_64-linux-gnu/libelf.a',
    debianPackage: 'libelf-dev',
    neededFor: 'components',
  },
  {
    name: 'libz-static',
    env: 'VMGATE_LIBZ_STATIC',
    debianPath: '/usr/lib/x86_64-linux-gnu/libz.a',
    debianPackage: 'zlib1g-dev',
    neededFor: 'components',
  },
  // XDP host tests read a loaded program's BPF maps with it.
  {
    name: 'bpftool',
    env: 'VMGATE_BPFTOOL',
    debianPath: '/usr/sbin/bpftool',
    debianPackage: 'bpftool',
    versionArgs: ['version'],
    neededFor: 'components',
  },
  {
    name: 'clang',
    env: 'VMGATE_CLANG',
    debianPath: '/usr/bin/clang',
    debianPackage: 'clang',
    versionArgs: ['--version'],
    neededFor: 'components',
  },
  // clang without recommends lacks libFuzzer's runtime.
  {
    name: 'libfuzzer',
    env: 'VMGATE_LIBFUZZER',
    debianPath: '/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a',
    debianPackage: 'libclang-rt-14-dev',
    neededFor: 'components',
  },
  {
    name: 'socat',
    env: 'VMGATE_SOCAT',
    debianPath: '/usr/bin/socat',
    debianPackage: 'socat',
    versionArgs: ['-V'],
    neededFor: 'components',
  },
  {
    name: 'cpio',
    env: 'VMGATE_CPIO',
    debianPath: '/usr/bin/cpio',
    debianPackage: 'cpio',
    versionArgs: ['--version'],
    neededFor: 'tests',
  },
  // XDP host tests turn off veth checksum offload: a redirected frame must carry a full checksum.
  {
    name: 'ethtool',
    env: 'VMGATE_ETHTOOL',
    debianPath: '/usr/sbin/ethtool',
    debianPackage: 'ethtool',
    versionArgs: ['--version'],
    neededFor: 'tests',
  },
  // The pcap tests read the captures a link writes (ts/test/net).
  {
    name: 'tcpdump',
    env: 'VMGATE_TCPDUMP',
    debianPath: '/usr/bin/tcpdump',
    debianPackage: 'tcpdump',
    versionArgs: ['--version'],
    neededFor: 'tests',
  },
  // Guest programs roots carry (a root's hostTools), with their libraries.
  {
    name: 'tc',
    env: 'VMGATE_TC',
    debianPath: '/usr/sbin/tc',
    debianPackage: 'iproute2',
    versionArgs: ['-V'],
    neededFor: 'tests',
  },
  {
    name: 'wg',
    env: 'VMGATE_WG',
    debianPath: '/usr/bin/wg',
    debianPackage: 'wireguard-tools',
    versionArgs: ['--version'],
    neededFor: 'components',
  },
  {
    name: 'iproute2-ip',
    env: 'VMGATE_IP',
    debianPath: '/usr/sbin/ip',
    debianPackage: 'iproute2',
    versionArgs: ['-V'],
    neededFor: 'components',
  },
  {
    name: 'iperf3',
    env: 'VMGATE_IPERF3',
    debianPath: '/usr/bin/iperf3',
    debianPackage: 'iperf3',
    versionArgs: ['--version'],
    neededFor: 'components',
  },
  // The same three for aarch64 guests: the arm64 .debs, unpacked (none is
  // Multi-Arch: same, so installing one would replace the host's), each with
  // its libraries' packages. A root's hostTools name the host entry; a guest
  // of another arch gets NAME-ARCH's binary at the host entry's path.
  {
    name: 'wg-aarch64',
    env: 'VMGATE_WG_AARCH64',
    debianPath: '/usr/bin/wg',
    debianPackage: 'wireguard-tools:arm64',
    unpacked: true,
    neededFor: 'aarch64',
  },
  {
    name: 'iproute2-ip-aarch64',
    env: 'VMGATE_IP_AARCH64',
    debianPath: '/bin/ip',
    debianPackage: 'iproute2:arm64',
    unpacked: true,
    withPackages: [
      'libbpf1:arm64',
      'libelf1:arm64',
      'zlib1g:arm64',
      'libmnl0:arm64',
      'libbsd0:arm64',
      'libmd0:arm64',
      'libcap2:arm64',
    ],
    neededFor: 'aarch64',
  },
  {
    name: 'iperf3-aarch64',
    env: 'VMGATE_IPERF3_AARCH64',
    debianPath: '/usr/bin/iperf3',
    debianPackage: 'iperf3:arm64',
    unpacked: true,
    withPackages: ['libiperf0:arm64', 'libsctp1:arm64', 'libssl3:arm64'],
    neededFor: 'aarch64',
  },
  // A foreign binary's libraries are read from its ELF dynamic section (ldd
  // would have to run it).
  {
    name: 'readelf',
    env: 'VMGATE_READELF',
    debianPath: '/usr/bin/readelf',
    debianPackage: 'binutils',
    versionArgs: ['--version'],
    neededFor: 'aarch64',
  },
  // Memcheck and callgrind targets of components' tests.
  {
    name: 'valgrind',
    env: 'VMGATE_VALGRIND',
    debianPath: '/usr/bin/valgrind',
    debianPackage: 'valgrind',
    versionArgs: ['--version'],
    neededFor: 'components',
  },
  // Remote hosts (ts/src/remote): targets on another machine, through the system's OpenSSH and rsync.
  {
    name: 'ssh',
    env: 'VMGATE_SSH',
    debianPath: '/usr/bin/ssh',
    debianPackage: 'openssh-client',
    versionArgs: ['-V'],
    neededFor: 'remote',
  },
  {
    name: 'rsync',
    env: 'VMGATE_RSYNC',
    debianPath: '/usr/bin/rsync',
    debianPackage: 'rsync',
    versionArgs: ['--version'],
    neededFor: 'remote',
  },
  // The remote host vmgate proves `--host` against: a guest running the system's sshd,
  // with host and client keys made fresh for each run.
  {
    name: 'sshd',
    env: 'VMGATE_SSHD',
    debianPath: '/usr/sbin/sshd',
    debianPackage: 'openssh-server',
    versionArgs: ['-V'],
    neededFor: 'remote',
  },
  {
    name: 'ssh-keygen',
    env: 'VMGATE_SSH_KEYGEN',
    debianPath: '/usr/bin/ssh-keygen',
    debianPackage: 'openssh-client',
    neededFor: 'remote',
  },
  // A component's metrics exporter serves /metrics through libmicrohttpd; promtool checks what it serves.
  {
    name: 'libmicrohttpd',
    env: 'VMGATE_LIBMICROHTTPD_H',
    debianPath: '/usr/include/microhttpd.h',
    debianPackage: 'libmicrohttpd-dev',
    neededFor: 'components',
  },
  {
    name: 'promtool',
    env: 'VMGATE_PROMTOOL',
    debianPath: '/usr/bin/promtool',
    debianPackage: 'prometheus',
    versionArgs: ['--version'],
    neededFor: 'components',
  },
  // nix-lint lists the tree's .nix files with git (ts/src/nix/files.ts).
  {
    name: 'git',
    env: 'VMGATE_GIT',
    debianPath: '/usr/bin/git',
    debianPackage: 'git',
    versionArgs: ['--version'],
    neededFor: 'nix',
  },
  {
    name: 'nix-instantiate',
    env: 'VMGATE_NIX_INSTANTIATE',
    debianPath: '/usr/bin/nix-instantiate',
    debianPackage: 'nix-bin',
    versionArgs: ['--version'],
    neededFor: 'nix',
  },
  // `vmgate image build`: a Debian root, its filesystems and the GPT disk around them (ts/src/image).
  {
    name: 'mmdebstrap',
    env: 'VMGATE_MMDEBSTRAP',
    debianPath: '/usr/bin/mmdebstrap',
    debianPackage: 'mmdebstrap',
    versionArgs: ['--version'],
    neededFor: 'image',
  },
  {
    name: 'mkfs-ext4',
    env: 'VMGATE_MKFS_EXT4',
    debianPath: '/usr/sbin/mkfs.ext4',
    debianPackage: 'e2fsprogs',
    versionArgs: ['-V'],
    neededFor: 'image',
  },
  {
    name: 'debugfs',
    env: 'VMGATE_DEBUGFS',
    debianPath: '/usr/sbin/debugfs',
    debianPackage: 'e2fsprogs',
    versionArgs: ['-V'],
    neededFor: 'image',
  },
  {
    name: 'mkfs-vfat',
    env: 'VMGATE_MKFS_VFAT',
    debianPath: '/usr/sbin/mkfs.fat',
    debianPackage: 'dosfstools',
    versionArgs: ['--help'],
    neededFor: 'image',
  },
  {
    name: 'mcopy',
    env: 'VMGATE_MCOPY',
    debianPath: '/usr/bin/mcopy',
    debianPackage: 'mtools',
    versionArgs: ['--version'],
    neededFor: 'image',
  },
  {
    name: 'mmd',
    env: 'VMGATE_MMD',
    debianPath: '/usr/bin/mmd',
    debianPackage: 'mtools',
    versionArgs: ['--version'],
    neededFor: 'image',
  },
  // An image of another arch: mmdebstrap runs its maintainer scripts through
  // qemu-user (binfmt_misc, set up by binfmt-support; binfmt.ts checks the
  // entry) and asks arch-test whether that works, else it refuses the arch.
  {
    name: 'qemu-aarch64-static',
    env: 'VMGATE_QEMU_AARCH64_STATIC',
    debianPath: '/usr/bin/qemu-aarch64-static',
    debianPackage: 'qemu-user-static',
    versionArgs: ['--version'],
    neededFor: 'image',
  },
  {
    name: 'update-binfmts',
    env: 'VMGATE_UPDATE_BINFMTS',
    debianPath: '/usr/sbin/update-binfmts',
    debianPackage: 'binfmt-support',
    versionArgs: ['--version'],
    neededFor: 'image',
  },
  {
    name: 'arch-test',
    env: 'VMGATE_ARCH_TEST',
    debianPath: '/usr/bin/arch-test',
    debianPackage: 'arch-test',
    neededFor: 'image',
  },
  // UEFI firmware for image boots: code (read-only) and the variable store each boot copies.
  {
    name: 'ovmf-code',
    env: 'VMGATE_OVMF_CODE',
    debianPath: '/usr/share/OVMF/OVMF_CODE_4M.fd',
    debianPackage: 'ovmf',
    neededFor: 'image',
  },
  {
    name: 'ovmf-vars',
    env: 'VMGATE_OVMF_VARS',
    debianPath: '/usr/share/OVMF/OVMF_VARS_4M.fd',
    debianPackage: 'ovmf',
    neededFor: 'image',
  },
  {
    name: 'aavmf-code',
    env: 'VMGATE_AAVMF_CODE',
    debianPath: '/usr/share/AAVMF/AAVMF_CODE.fd',
    debianPackage: 'qemu-efi-aarch64',
    neededFor: 'image',
  },
  {
    name: 'aavmf-vars',
    env: 'VMGATE_AAVMF_VARS',
    debianPath: '/usr/share/AAVMF/AAVMF_VARS.fd',
    debianPackage: 'qemu-efi-aarch64',
    neededFor: 'image',
  },
  // A guest NIC's user-mode network inside a run's own namespace (ts/src/netns).
  {
    name: 'passt',
    env: 'VMGATE_PASST',
    debianPath: '/usr/bin/passt',
    debianPackage: 'passt',
    versionArgs: ['--version'],
    neededFor: 'image',
  },
]

/**
 * The entry that provides host tool `name` to a guest of `arch`: the entry
 * itself when the guest runs the host's arch, else its `NAME-ARCH` build.
 */
export function guestToolName(name: string, arch: string, hostArch: string): string {
  if (arch === hostArch) return name
  const foreign = `${name}-${arch}`
  if (!TOOLS.some((tool) => tool.name === foreign))
    throw new UsageError(
      `host tool ${name} has no ${arch} build: add a '${foreign}' entry (an unpacked ${arch} .deb) to the toolchain table (ts/src/toolchain/tools.ts)`,
    )
  return foreign
}

export function toolSpec(name: string): ToolSpec {
  const spec = TOOLS.find((tool) => tool.name === name)
  if (!spec) throw new Error(`no tool named ${name} in the toolchain table`)
  return spec
}

/**
 * Programs the code may spawn by bare name without a table entry: each comes
 * from a package of Priority required, which every Debian 12 has (a test
 * checks the package and its priority with dpkg).
 */
export const BASE_PROGRAMS: Readonly<Record<string, string>> = {
  sh: 'dash',
  bash: 'bash',
  tar: 'tar',
  chmod: 'coreutils',
  sha256sum: 'coreutils',
  chroot: 'coreutils',
  ldd: 'libc-bin',
  flock: 'util-linux',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  sleep: 'coreutils',
  'dpkg-query': 'dpkg',
  'dpkg-deb': 'dpkg',
  dpkg: 'dpkg',
  'apt-get': 'apt',
}

/** Node's own programs: the toolkit runs on Node, so they are there wherever it runs. */
export const NODE_PROGRAMS: readonly string[] = ['npm', 'npx']

/** What spawn-scan.ts accepts: table names, and bare names that are a table entry's file or the base system's. */
export function knownPrograms(): { tools: Set<string>; programs: Set<string> } {
  const basenames = TOOLS.filter((tool) => !tool.unpacked && /\/s?bin\//.test(tool.debianPath)).map((tool) =>
    tool.debianPath.split('/').pop()!,
  )
  return {
    tools: new Set(TOOLS.map((tool) => tool.name)),
    programs: new Set([...basenames, ...Object.keys(BASE_PROGRAMS), ...NODE_PROGRAMS]),
  }
}
