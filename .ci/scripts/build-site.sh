#!/usr/bin/env bash
# Builds the whole site without cargo-leptos:
#
#   .ci/scripts/build-site.sh [release|debug]     (default: release)
#
# 1. frontend -> wasm32, twice: the storefront bundle and the admin bundle (feature
#    `admin`); .ci/scripts/cargo-wasm.sh picks the rustup or Debian route
# 2. wasm-split-cli -> main module + lazy chunks; wasm-bindgen -> JS glue for the
#    main module; wasm-opt -O1 on each module for release
# 3. each bundle in a content-hashed directory in $SITE/pkg (cached forever)
#    and hash*.txt next to the server binary, where Leptos looks for them
# 4. the stylesheet, without comments (minify-css.mjs), and public/ copied into $SITE
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
# given features, into $tmp/NAME. The app crate is compiled once for both; each link
# keeps only the code its own app's routes reach.
#
# wasm-split-cli then cuts the linked module at Leptos's lazy routes (`#[lazy_route]`,
# app::routes): the main module keeps what the first page needs, each lazy page's own
# code goes to a chunk (`split_*.wasm`), code two of them share to `chunk_*.wasm`, and
# `__wasm_split.js` loads them on demand, each relative to its own URL (first the other
# bundle's lazy pages are left out: drop-unused-split-exports.mjs). wasm-bindgen
# writes the glue for the main module only (`--keep-lld-exports`: the chunks link
# against its exports). NAME.js, NAME.wasm, the chunks, the loader and the chunks'
# manifest (split-manifest.mjs, for the server's preload hints) are one directory,
# served under one content hash.
build_bundle() {
  local bundle=$1
  shift
  local out="$tmp/$bundle"
  mkdir -p "$out"
  timed "wasm build, $bundle ($mode)" \
    .ci/scripts/cargo-wasm.sh build -p frontend --lib "${wasm_profile_args[@]}" "$@"
  cp "$wasm" "$out.linked.wasm"
  node .ci/scripts/drop-unused-split-exports.mjs "$out.linked.wasm"
  timed "wasm-split, $bundle" \
    wasm-split-cli --target web --out-name "$bundle" "$out.linked.wasm" "$out"
  rm "$out.linked.wasm"
  node .ci/scripts/split-manifest.mjs "$out"
  timed "wasm-bindgen, $bundle" \
    wasm-bindgen --target web --no-typescript --keep-lld-exports \
    --out-dir "$out" --out-name "$bundle" "$out/$bundle.wasm"
  mv "$out/${bundle}_bg.wasm" "$out/$bundle.wasm"
}

# optimize NAME: binaryen's -O1 on each module of a release bundle, in one process
# (wasm-opt.mjs says why, and which features).
#
# -O1, not -Oz: the bundle travels compressed, and binaryen's heavier levels make it
# smaller raw but larger compressed, and take 5 times as long. Measured on the admin
# bundle before it was split (December 5, KB of 1,024 bytes as `make size` prints;
# rustc has already optimised it for size):
#   -Oz  3,145 KB raw, 1,045 KB gzip, 716 KB brotli, 62 s
#   -O2  3,536 KB raw, 1,060 KB gzip, 716 KB brotli, 48 s
#   -O1  3,823 KB raw,   903 KB gzip, 643 KB brotli, 13 s
#   -O0  (only names and custom sections stripped) 917 KB gzip, 650 KB brotli
optimize() {
  local bundle=$1
  [ "$mode" = release ] || return 0
  timed "wasm-opt -O1, $bundle" node .ci/scripts/wasm-opt.mjs "$tmp/$bundle"/*.wasm
}

# The server is compiled while the bundles are built and optimised, and it goes first:
# the wasm's steps run at the lowest priority (nice 19) and take what CPU the server's
# build leaves. The two cargo builds do not wait on each other: each locks only its own
# profile's directory (target/release, target/wasm-release and
# target/wasm32-unknown-unknown).
#
# Why the server first: its build ends in one long step on one core, the app crate in
# one codegen unit (Cargo.toml), which can only start once the crates under it are
# built. With both builds at the same priority the wasm's took half the CPU while those
# crates were built, the app crate started 454 s into the build from a bare machine, and
# the server was ready after 714 s, though the wasm was ready after 312 s. With the
# wasm's steps behind, they fill the core the app crate leaves free.
timed "server build ($mode)" cargo build -p server "${server_profile_args[@]}" &
building_server=$!
renice -n 19 -p $$ >/dev/null || echo "build-site: renice failed; the wasm builds at normal priority"
# If a wasm step fails, the server's build stops too.
trap 'pkill -P "$building_server" 2>/dev/null || true; rm -rf "$tmp"' EXIT

# The storefront's bundle is optimised (one core) while the admin's links (the other).
build_bundle storefront
optimize storefront &
optimizing=$!
build_bundle admin --features admin
optimize admin
wait "$optimizing"

# Without comments and line breaks: the admin's whole sheet, and the storefront's
# without the admin-only rules (a browser's first storefront page carries it in its HTML).
node .ci/scripts/minify-css.mjs style/main.css >"$tmp/$name.css"
css_hash=$(short_hash "$tmp/$name.css")
node .ci/scripts/minify-css.mjs --storefront style/main.css >"$tmp/storefront.css"
storefront_css_hash=$(short_hash "$tmp/storefront.css")

rm -rf "$site/pkg"
mkdir -p "$site/pkg" "$bin_dir"
cp "$tmp/$name.css" "$site/pkg/$name.$css_hash.css"
cp "$tmp/storefront.css" "$site/pkg/storefront.$storefront_css_hash.css"
echo "build-site: stylesheets $(wc -c <"$tmp/$name.css") bytes raw (admin), $(wc -c <"$tmp/storefront.css") (storefront)"
# Leptos reads the hash files from the directory of current_exe(), i.e. next to the
# server binary: hash.txt for the admin's stylesheet, hash-<bundle>.txt for each
# bundle's script and wasm (app::routes::Area) and the storefront's stylesheet. The
# copies in $site are for reference only.
printf 'css: %s\n' "$css_hash" >"$bin_dir/hash.txt"
for bundle in storefront admin; do
  # One hash for the bundle's directory, over every file's name and content.
  dir_hash=$(cd "$tmp/$bundle" && find . -type f | LC_ALL=C sort | xargs sha256sum |
    sha256sum | cut -c1-16)
  cp -R "$tmp/$bundle" "$site/pkg/$bundle.$dir_hash"
  printf 'dir: %s\n' "$dir_hash" >"$bin_dir/hash-$bundle.txt"
  if [ "$bundle" = storefront ]; then
    printf 'css: %s\n' "$storefront_css_hash" >>"$bin_dir/hash-$bundle.txt"
  fi
  main="$site/pkg/$bundle.$dir_hash/$bundle.wasm"
  echo "build-site: $bundle main wasm $(wc -c <"$main") bytes raw, $(gzip -9 -c "$main" | wc -c) bytes gzip;" \
    "$(find "$site/pkg/$bundle.$dir_hash" -name '*.wasm' ! -name "$bundle.wasm" | wc -l) lazy chunks"
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
