#!/usr/bin/env bash
# Runs a cargo subcommand for the wasm32 target, on whichever route
# .ci/scripts/setup.sh chose (target/.wasm-route):
#
#   .ci/scripts/cargo-wasm.sh build -p frontend --lib --profile wasm-release
#   .ci/scripts/cargo-wasm.sh clippy -p frontend -- -D warnings
#
# rustup route: plain `cargo <sub> --target wasm32-unknown-unknown`.
# debian route: Debian's cargo/rustc 1.96 build std themselves (-Zbuild-std).
# The settings go in the environment of this one command, not in
# .cargo/config.toml, so host builds and the standard route are untouched.
set -euo pipefail

cd "$(dirname "$0")/../.."

if [ $# -lt 1 ]; then
  echo "usage: $0 <cargo subcommand> [args...]" >&2
  exit 2
fi
subcommand=$1
shift

if [ ! -f target/.wasm-route ]; then
  .ci/scripts/setup.sh
fi
route=$(cat target/.wasm-route)

case "$route" in
  rustup)
    exec cargo "$subcommand" --target wasm32-unknown-unknown "$@"
    ;;
  debian)
    # PATH first so `cargo` is Debian's; RUSTC_BOOTSTRAP lets it accept -Z;
    # Debian ships no rust-lld, hence wasm-ld-22.
    exec env PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22 \
      cargo "$subcommand" --target wasm32-unknown-unknown \
      -Zbuild-std=std,panic_abort "$@"
    ;;
  *)
    echo "cargo-wasm: unknown route '$route' in target/.wasm-route; rerun .ci/scripts/setup.sh" >&2
    exit 1
    ;;
esac
