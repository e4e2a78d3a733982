#!/usr/bin/env bash
# Clippy with warnings as errors for each crate in the configuration it is
# built in: app and server for the host (ssr); app and frontend for wasm32
# (hydrate), so the browser-only code of app is linted too.
set -euo pipefail

cd "$(dirname "$0")/../.."

# Same value as .ci/scripts/build-site.sh, so clippy and the builds agree.
export LEPTOS_OUTPUT_NAME=clientele

# No import circle between the modules of app/src.
python3 .ci/scripts/import-cycles.py

cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p server --all-targets -- -D warnings
# The wasm crate only builds for wasm32; cargo-wasm.sh adds the Debian
# route's environment and -Zbuild-std when that route is in use.
.ci/scripts/cargo-wasm.sh clippy -p app --lib --features hydrate -- -D warnings
.ci/scripts/cargo-wasm.sh clippy -p frontend -- -D warnings
# The admin bundle's entry (build-site.sh builds both).
.ci/scripts/cargo-wasm.sh clippy -p frontend --features admin -- -D warnings
