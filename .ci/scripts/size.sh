#!/usr/bin/env bash
# `make size`: what a browser downloads for the app's code, from the release site
# (.ci/scripts/build-site.sh release builds it). Prints, for the tracked figure:
#
#   bench wasm <bundle> raw_kb=<x> gzip_kb=<y>
#
# The storefront and the admin load one bundle today (issue 16 splits it), so the same
# file is both figures. gzip -9, as a server compresses static files once.
set -euo pipefail
cd "$(dirname "$0")/../.."

site=${SITE:-target/site}
wasm=$(ls "$site"/pkg/*.wasm 2>/dev/null | head -1 || true)
js=$(ls "$site"/pkg/*.js 2>/dev/null | head -1 || true)
if [ -z "$wasm" ]; then
  echo "no wasm in $site/pkg: run .ci/scripts/build-site.sh release first" >&2
  exit 1
fi
kb() { echo $((($1 + 1023) / 1024)); }
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
js_gz=$(gzip -9 -c "$js" | wc -c)
for bundle in storefront admin; do
  echo "bench wasm ${bundle}_bundle raw_kb=$(kb "$raw") gzip_kb=$(kb "$gz") js_gzip_kb=$(kb "$js_gz")"
done
