#!/usr/bin/env bash
# Runs the release server built by .ci/scripts/build-site.sh release:
# migrate, seed the demo data (first run only), then serve.
#
# Settings come from the environment, then .env, then these defaults.
set -euo pipefail

cd "$(dirname "$0")/../.."

# .env holds local settings (see .env.example); export everything it sets.
if [ -f .env ]; then
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
fi

export LEPTOS_OUTPUT_NAME="${LEPTOS_OUTPUT_NAME:-clientele}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
# The site's files have content hashes in their names; Leptos finds them
# through target/release/hash.txt.
export LEPTOS_HASH_FILES="${LEPTOS_HASH_FILES:-true}"
export DATABASE_URL="${DATABASE_URL:-sqlite://data/clientele.db}"
export CLIENTELE_ADDR="${CLIENTELE_ADDR:-127.0.0.1:3000}"
# The demo keeps every email in the Outbox page (Admin → Customers → Outbox) unless an
# SMTP server is set: a development aid, off by default on a real server.
export CLIENTELE_MAIL_OUTBOX="${CLIENTELE_MAIL_OUTBOX:-true}"

server=target/release/server
if [ ! -x "$server" ] || [ ! -f target/release/hash.txt ]; then
  echo "run: $server or its hash.txt is missing; run .ci/scripts/build-site.sh release first" >&2
  exit 1
fi

# The default SQLite database lives in data/ (never touched by `make clean`).
mkdir -p data

"$server" migrate
# Seeds only on the first run, then prints the one-time admin password once;
# later runs print nothing secret.
"$server" seed --demo
echo "run: serving on http://$CLIENTELE_ADDR"
exec "$server" serve
