#!/usr/bin/env bash
# Browser tests against the release build (.ci/scripts/build-site.sh release):
# a fresh SQLite database in a temp dir, the server on a free port, test
# admins created through the CLI, then `node --test` with playwright-core
# driving Debian's Chromium.
set -euo pipefail

cd "$(dirname "$0")/../.."

server=target/release/server
if [ ! -x "$server" ] || [ ! -f target/release/hash.txt ]; then
  echo "e2e: $server or its hash.txt is missing; run .ci/scripts/build-site.sh release first" >&2
  exit 1
fi

# A free port: ask the kernel (python3), else probe from 3100 upwards.
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    return
  fi
  local port
  for port in $(seq 3100 3999); do
    # The connection fails when nothing listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "e2e: no free port found" >&2
  return 1
}

tmp=$(mktemp -d)
port=$(free_port)
server_pid=""

cleanup() {
  local status=$?
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ]; then
    echo "e2e: FAILED (exit $status); last lines of the server log:"
    tail -n 60 "$tmp/server.log" 2>/dev/null || true
    echo "e2e: files kept in $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

# Only these settings: a local .env must not leak into the tests.
export LEPTOS_OUTPUT_NAME=clientele
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_HASH_FILES=true
export DATABASE_URL="sqlite://$tmp/e2e.db"
export CLIENTELE_ADDR="127.0.0.1:$port"
# The tests read links from the Outbox page.
export CLIENTELE_MAIL_OUTBOX=true
# Every browser test registers its shoppers from 127.0.0.1: more than the default 20 an
# hour. (The limit itself is covered by the integration tests.)
export CLIENTELE_REGISTRATIONS_PER_IP=100

"$server" migrate
# The demo store the tests browse; its one-time password goes to a file, not
# the test output.
"$server" seed --demo >"$tmp/seed.log" 2>&1
# The second website requires email confirmation (the storefront accounts test).
"$server" config set customer/create_account/confirm 1 --website second
# Every browser test comes from 127.0.0.1, so password resets counted by IP (the
# default "By IP and Email") would make one file's reset refuse the next file's.
# Count them by email here; counting by IP is covered by the integration tests.
"$server" config set customer/password/password_reset_protection_type 3
"$server" role create --name Support --resources Magento_Customer::manage
# The CLI reads the password from stdin, so it never shows up in `ps`.
printf '%s\n' 'E2e-Admin-Pass-1' |
  "$server" admin create --email admin@e2e.test --name 'E2E Admin' --role Administrators
printf '%s\n' 'E2e-Limited-Pass-1' |
  "$server" admin create --email limited@e2e.test --name 'Limited Admin' --role Support
# Its own account for the lockout test, so locking it does not block the others.
printf '%s\n' 'E2e-Lockable-Pass-1' |
  "$server" admin create --email lockable@e2e.test --name 'Lockable Admin' --role Administrators
# The customers-grid tests run beside the others: their own admin keeps its language.
printf '%s\n' 'E2e-Grid-Pass-1' |
  "$server" admin create --email grid@e2e.test --name 'Grid Admin' --role Administrators
printf '%s\n' 'E2e-Edit-Pass-1' |
  "$server" admin create --email edit@e2e.test --name 'Edit Admin' --role Administrators
# The accessibility and layout pass walks every page with its own admin.
printf '%s\n' 'E2e-Look-Pass-1' |
  "$server" admin create --email look@e2e.test --name 'Look Admin' --role Administrators
# The before-hydration test signs in (and fails once) with scripts blocked.
printf '%s\n' 'E2e-Plain-Pass-1' |
  "$server" admin create --email plain@e2e.test --name 'Plain Admin' --role Administrators
# The customer groups test's admin.
printf '%s\n' 'E2e-Groups-Pass-1' |
  "$server" admin create --email groups@e2e.test --name 'Groups Admin' --role Administrators
# The configuration test's two admins (one saves first, the other meets the conflict).
printf '%s\n' 'E2e-Config-Pass-1' |
  "$server" admin create --email config@e2e.test --name 'Config Admin' --role Administrators
printf '%s\n' 'E2e-Config-Pass-2' |
  "$server" admin create --email config2@e2e.test --name 'Second Config Admin' --role Administrators
# The email templates test's admin (its test emails come to this address).
printf '%s\n' 'E2e-Mail-Pass-1' |
  "$server" admin create --email mail@e2e.test --name 'Mail Admin' --role Administrators
# The Login as Customer test's admin; the feature is on for it (off by default).
printf '%s\n' 'E2e-Assist-Pass-1' |
  "$server" admin create --email assist@e2e.test --name 'Assist Admin' --role Administrators
"$server" config set login_as_customer/general/enabled 1
# The action log test's admin (its entries are found by this name).
printf '%s\n' 'E2e-History-Pass-1' |
  "$server" admin create --email history@e2e.test --name 'History Admin' --role Administrators
# The custom attributes test's admin.
printf '%s\n' 'E2e-Attr-Pass-1' |
  "$server" admin create --email attributes@e2e.test --name 'Attributes Admin' --role Administrators
# The Now Online test's admin.
printf '%s\n' 'E2e-Online-Pass-1' |
  "$server" admin create --email online@e2e.test --name 'Online Admin' --role Administrators

"$server" serve >"$tmp/server.log" 2>&1 &
server_pid=$!

export BASE_URL="http://127.0.0.1:$port"
echo "e2e: waiting for $BASE_URL/healthz"
ready=false
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null --max-time 2 "$BASE_URL/healthz" 2>/dev/null; then
    ready=true
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "e2e: the server exited before answering /healthz" >&2
    exit 1
  fi
  sleep 1
done
if [ "$ready" != true ]; then
  echo "e2e: /healthz did not answer 200 within 60 s" >&2
  exit 1
fi

export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export E2E_TMP="$tmp"
# One test file at a time: 2 cores, and the files share one server.
# E2E_FILES narrows the run to some files (e.g. end2end/tests/customer-edit.test.mjs).
node --test --test-concurrency=1 ${E2E_FILES:-end2end/tests/}

# Not a test: how soon the sign-in pages are usable on a throttled phone (reported).
if [ -z "${E2E_FILES:-}" ]; then
  node end2end/tti.mjs
fi
