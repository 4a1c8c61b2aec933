# vmgate tasks. Every recipe sets up what it needs: run them on a fresh clone.
set shell := ["bash", "-euo", "pipefail", "-c"]

vmgate := "node dist/vmgate.mjs"

# List the recipes.
default:
    @just --list

# Bundle the CLI and install missing host packages (apt, as root).
setup:
    npm run -s build
    {{vmgate}} doctor --install

# The relay in guests: WireGuard peers through relayd over IPv4 and IPv6, and the unlinked negative case.
smoke: setup
    {{vmgate}} scenario run --tag relay --tag smoke

# The relay smoke over emulated links with seeded loss and delay, both families.
resilience: setup
    {{vmgate}} scenario run --tag relay --tag resilience

# One guest, one command, one verdict.
smoke-one: setup
    {{vmgate}} run -- sh -c 'echo "vmgate smoke: $(uname -sr), pid $$"'

# Type check, format and lint check, lint the flake, build the guest artifacts, run every test: relay, tcpstats (host and live targets), the relay smoke five times over, toolkit.
check: setup
    npx tsc -p .
    {{just_executable()}} lint
    {{just_executable()}} nix-lint
    {{vmgate}} build
    make -C pkgs/relay check
    make -C pkgs/relay fuzz-smoke
    {{vmgate}} kmod all
    {{vmgate}} scenario run --tag relay --tag smoke --repeat 5 --concurrency 2
    npx tap 2>&1 | node ts/scripts/closing-line.mjs

# The TypeScript's format (prettier) and lint (typescript-eslint): both must be clean.
lint:
    npx prettier --check 'ts/**/*.ts' 'pkgs/**/*.ts' eslint.config.js
    npx eslint ts pkgs

# Rewrite the TypeScript in the house format.
fmt:
    npx prettier --write 'ts/**/*.ts' 'pkgs/**/*.ts' eslint.config.js

# The relay smoke, N rounds at the default concurrency: a flaky scenario shows as flaky.
soak n="25": setup
    {{vmgate}} scenario run --tag relay --tag smoke --repeat {{n}}

# Parse every .nix file; check the Nix side's VMGATE_* exports, its vmgate command lines and its nixpkgs pins against the toolkit.
nix-lint: setup
    npx tsx ts/scripts/nix-lint.ts

# Harness vs raw qemu: the same kernel and initramfs booted to a verdict, alternating.
bench-boot: setup
    {{vmgate}} bench boot

# iperf3 TCP both ways, UDP and RTT through the tunnel, with and without relayd, plus a loss/delay sweep.
bench: setup
    {{vmgate}} bench tunnel

# Two-guest TCP exchange: direct link vs emulated link with no impairment.
bench-topology: setup
    {{vmgate}} bench topology

# Scenarios by name or tag: just scenarios --tag tcp
scenarios *args: setup
    {{vmgate}} scenario run {{args}}

# relayd vs a direct sender/receiver pair and vs socat, on loopback.
bench-relay: setup
    {{vmgate}} bench relay

# Build the kernel twice from clean stores and compare the boot images byte for byte.
repro-kernel: setup
    npx tsx ts/scripts/repro-kernel.ts

# Build the trixie image twice in fresh stores (sharing the .deb cache) and compare them byte for byte.
repro-image arch="x86_64": setup
    VMGATE_TEST_IMAGE_REPRO=1 VMGATE_TEST_IMAGE_REPRO_ARCH={{arch}} npx tap ts/test/image/reproducible.test.ts

# The trixie image on aarch64 (AAVMF, virt): out of `just check`, its build runs every maintainer script under qemu-user.
image-aarch64: setup
    VMGATE_TEST_AARCH64_IMAGE=1 npx tap ts/test/driver/image-aarch64.test.ts

# tcpstats targets: just kmod unit, just kmod live_integration --category port, just kmod all
kmod *args: setup
    {{vmgate}} kmod {{args}}

# Boot the guest with a shell on the console.
shell: setup
    {{vmgate}} shell
