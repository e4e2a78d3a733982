#!/usr/bin/env bash
# Builds the whole site without cargo-leptos:
#
#   .ci/scripts/build-site.sh [release|debug]     (default: release)
#
# 1. frontend -> wasm32, twice: the storefront bundle and the admin bundle (feature
#    `admin`); .ci/scripts/cargo-wasm.sh picks the rustup or Debian route
# 2. wasm-bindgen -> JS glue + _bg.wasm; wasm-opt -O1 for release
# 3. content-hashed file names in $SITE/pkg (so they can be cached forever)
#    and hash*.txt next to the server binary, where Leptos looks for them
# 4. public/ copied into $SITE
# 5. the server binary (compiled from the start, beside steps 1 and 2)
# 6. release: pkg/'s files compressed once, at the highest settings (server compress-assets)
set -euo pipefail

cd "$(dirname "$0")/../.."

mode=${1:-release}
case "$mode" in
  release)
    site=target/site
    wasm=target/wasm32-unknown-unknown/wasm-release/frontend.wasm
    wasm_profile_args=(--profile wasm-release)
    server_profile_args=(--release)
    bin_dir=target/release
    ;;
  debug)
    site=target/site-debug
    wasm=target/wasm32-unknown-unknown/debug/frontend.wasm
    wasm_profile_args=()
    server_profile_args=()
    bin_dir=target/debug
    ;;
  *)
    echo "usage: $0 [release|debug]" >&2
    exit 2
    ;;
esac

# Leptos checks option_env!("LEPTOS_OUTPUT_NAME") at compile time, so it must be
# set for the cargo builds, not only when the server runs. (Exported for every
# cargo call so host and wasm builds see the same value and nothing rebuilds.)
export LEPTOS_OUTPUT_NAME=clientele
name=clientele

if [ ! -f target/.wasm-route ]; then
  .ci/scripts/setup.sh
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# timed LABEL COMMAND... : runs COMMAND and prints how long it took.
timed() {
  local label=$1
  shift
  local start=$SECONDS
  "$@"
  echo "build-site: $label took $((SECONDS - start)) s"
}

short_hash() {
  sha256sum "$1" | cut -c1-16
}

# build_bundle NAME [cargo args]: one wasm bundle, from the frontend crate with the
# given features, through wasm-bindgen into $tmp/NAME. The app crate is compiled
# once for both; each link keeps only the code its own app's routes reach.
build_bundle() {
  local bundle=$1
  shift
  timed "wasm build, $bundle ($mode)" \
    .ci/scripts/cargo-wasm.sh build -p frontend --lib "${wasm_profile_args[@]}" "$@"
  timed "wasm-bindgen, $bundle" \
    wasm-bindgen --target web --no-typescript --out-dir "$tmp/$bundle" --out-name "$bundle" "$wasm"
}

# optimize NAME: wasm-opt -O1 on a release bundle.
#
# -O1, not -Oz: the bundle travels compressed, and binaryen's heavier levels make it
# smaller raw but larger compressed, and take 5 times as long. Measured on the admin
# bundle (December 5, KB of 1,024 bytes as `make size` prints; rustc has already
# optimised it for size):
#   -Oz  3,145 KB raw, 1,045 KB gzip, 716 KB brotli, 62 s
#   -O2  3,536 KB raw, 1,060 KB gzip, 716 KB brotli, 48 s
#   -O1  3,823 KB raw,   903 KB gzip, 643 KB brotli, 13 s
#   -O0  (only names and custom sections stripped) 917 KB gzip, 650 KB brotli
optimize() {
  local bundle=$1
  [ "$mode" = release ] || return 0
  # binaryen 132 validates against its own default features, not rustc's:
  # rustc 1.95 emits bulk-memory (memory.copy/fill), nontrapping-float-to-int
  # (trunc_sat), sign-ext, mutable-globals, reference-types and multivalue,
  # so each is enabled explicitly (checked on a small rustc 1.95 wasm without
  # its target_features section: without these flags validation fails).
  # Not --all-features: that would let wasm-opt emit features browsers lack.
  timed "wasm-opt -O1, $bundle" \
    end2end/node_modules/.bin/wasm-opt -O1 \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$tmp/$bundle/${bundle}_bg.wasm" -o "$tmp/$bundle/${bundle}_bg.opt.wasm"
  mv "$tmp/$bundle/${bundle}_bg.opt.wasm" "$tmp/$bundle/${bundle}_bg.wasm"
}

# The server is compiled while the bundles are built and optimised: the wasm's long
# steps (the app crate in one codegen unit, wasm-opt) each keep one core busy, and the
# server's build fills the other. The two cargo builds do not wait on each other: each
# locks only its own profile's directory (target/release, target/wasm-release and
# target/wasm32-unknown-unknown).
#
# Both keep the two cores busy: from a bare machine the wasm is ready after ~300 s and
# the server after ~600 s. Giving the server's build the CPU first (the wasm steps at
# nice 19) finished it at 525 s instead of 614 s, but the site no sooner (717 vs
# 721 s): the work, not its order, sets the time.
timed "server build ($mode)" cargo build -p server "${server_profile_args[@]}" &
building_server=$!
# If a wasm step fails, the server's build stops too.
trap 'pkill -P "$building_server" 2>/dev/null || true; rm -rf "$tmp"' EXIT

# The storefront's bundle is optimised (one core) while the admin's links (the other).
build_bundle storefront
optimize storefront &
optimizing=$!
build_bundle admin --features admin
optimize admin
wait "$optimizing"

cp style/main.css "$tmp/$name.css"
css_hash=$(short_hash "$tmp/$name.css")

rm -rf "$site/pkg"
mkdir -p "$site/pkg" "$bin_dir"
cp "$tmp/$name.css" "$site/pkg/$name.$css_hash.css"
# Leptos reads the hash files from the directory of current_exe(), i.e. next to the
# server binary: hash.txt for the stylesheet, hash-<bundle>.txt for each bundle's
# script and wasm (app::routes::Area). The copies in $site are for reference only.
printf 'css: %s\n' "$css_hash" >"$bin_dir/hash.txt"
for bundle in storefront admin; do
  js_hash=$(short_hash "$tmp/$bundle/$bundle.js")
  wasm_hash=$(short_hash "$tmp/$bundle/${bundle}_bg.wasm")
  cp "$tmp/$bundle/$bundle.js" "$site/pkg/$bundle.$js_hash.js"
  cp "$tmp/$bundle/${bundle}_bg.wasm" "$site/pkg/$bundle.$wasm_hash.wasm"
  # JS snippets (#[wasm_bindgen(inline_js)]) are imported relative to the glue; both
  # bundles' come from the same crates, under the same names.
  if [ -d "$tmp/$bundle/snippets" ]; then
    cp -R "$tmp/$bundle/snippets" "$site/pkg/"
  fi
  printf 'js: %s\nwasm: %s\n' "$js_hash" "$wasm_hash" >"$bin_dir/hash-$bundle.txt"
  wasm_out="$site/pkg/$bundle.$wasm_hash.wasm"
  echo "build-site: $bundle wasm $(wc -c <"$wasm_out") bytes raw, $(gzip -9 -c "$wasm_out" | wc -c) bytes gzip"
done

# Static assets (favicon, service worker, ...). `public/.` also copies dotfiles
# and works when public/ is empty.
cp -R public/. "$site/"

if ! wait "$building_server"; then
  echo "build-site: the server build failed" >&2
  exit 1
fi

# 6. (release) a brotli and a gzip copy of each file in pkg/, at the highest settings,
#    which the server sends as they are to browsers that accept them.
if [ "$mode" = release ]; then
  timed "compress-assets" "$bin_dir/server" compress-assets "$site/pkg"
fi

cp "$bin_dir"/hash*.txt "$site/"

echo "build-site: site in $site, server in $bin_dir/server ($SECONDS s in all)"
echo "build-site: run the server with:"
echo "  LEPTOS_OUTPUT_NAME=$name LEPTOS_SITE_ROOT=$site LEPTOS_HASH_FILES=true $bin_dir/server serve"
