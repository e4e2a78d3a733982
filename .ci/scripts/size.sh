#!/usr/bin/env bash
# `make size`: what a browser downloads for the app's code, from the release site
# (.ci/scripts/build-site.sh release builds it). Prints, for the tracked figures:
#
#   bench wasm storefront_bundle raw_kb=<x> gzip_kb=<y> js_gzip_kb=<z> br_kb=<b> js_br_kb=<c> lazy_chunks=<n> lazy_gzip_kb=<l>
#   bench wasm admin_bundle (the same figures)
#   bench css storefront_sheet raw_kb=<x> gzip_kb=<y> br_kb=<b>   (in a first storefront page)
#   bench css admin_sheet (the same figures)
#
# A storefront page loads only the storefront bundle, an admin page only the admin's
# (app::routes::Area), and the storefront's sign-in and Forgot Your Password? pages
# none (app::ui::script: they are sent without script; end2end/tti.mjs reports what a
# page's wasm download is). The sizes are the main module's, what every other
# storefront page or the admin's grid downloads first; lazy_*: the chunks of the pages
# loaded when first opened, in all.
# gzip -9, as a server compresses static files once.
set -euo pipefail
cd "$(dirname "$0")/../.."

site=${SITE:-target/site}
kb() { echo $((($1 + 1023) / 1024)); }
for bundle in storefront admin; do
  # The bundle's directory: its main module (what a page downloads first) and the
  # chunks of its lazily loaded pages (build-site.sh).
  dir=$(ls -d "$site"/pkg/"$bundle".*/ 2>/dev/null | head -1 || true)
  wasm=${dir}$bundle.wasm
  js=${dir}$bundle.js
  if [ -z "$dir" ] || [ ! -f "$wasm" ] || [ ! -f "$js" ]; then
    echo "no $bundle bundle in $site/pkg: run .ci/scripts/build-site.sh release first" >&2
    exit 1
  fi
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  js_gz=$(gzip -9 -c "$js" | wc -c)
  # What a browser that takes brotli receives: the build's copy (server compress-assets).
  br=""
  if [ -f "$wasm.br" ] && [ -f "$js.br" ]; then
    br=" br_kb=$(kb "$(stat -c %s "$wasm.br")") js_br_kb=$(kb "$(stat -c %s "$js.br")")"
  fi
  chunks=0 chunks_gz=0
  for chunk in "$dir"*.wasm; do
    [ "$chunk" = "$wasm" ] && continue
    chunks=$((chunks + 1))
    chunks_gz=$((chunks_gz + $(gzip -9 -c "$chunk" | wc -c)))
  done
  echo "bench wasm ${bundle}_bundle raw_kb=$(kb "$raw") gzip_kb=$(kb "$gz") js_gzip_kb=$(kb "$js_gz")$br" \
    "lazy_chunks=$chunks lazy_gzip_kb=$(kb "$chunks_gz")"
done
# The stylesheets: the storefront's (a browser's first storefront page carries it in its
# HTML) and the admin's whole sheet.
for sheet in storefront admin; do
  name=$([ "$sheet" = admin ] && echo clientele || echo storefront)
  css=$(ls "$site"/pkg/"$name".*.css 2>/dev/null | head -1 || true)
  if [ -z "$css" ]; then
    echo "no $sheet stylesheet in $site/pkg: run .ci/scripts/build-site.sh release first" >&2
    exit 1
  fi
  br=""
  [ -f "$css.br" ] && br=" br_kb=$(kb "$(stat -c %s "$css.br")")"
  echo "bench css ${sheet}_sheet raw_kb=$(kb "$(stat -c %s "$css")") gzip_kb=$(kb "$(gzip -9 -c "$css" | wc -c)")$br"
done
