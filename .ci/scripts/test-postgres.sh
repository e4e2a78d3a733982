#!/usr/bin/env bash
# Runs a command with TEST_DATABASE_URL pointing at a PostgreSQL server:
#
#   .ci/scripts/test-postgres.sh cargo test -p server postgres
#
# 1. TEST_DATABASE_URL already set: use that server.
# 2. Debian's pg_virtualenv present: a throwaway cluster (about 3 s), dropped
#    when the command ends.
# 3. Neither: fail in CI (the suite is mandatory there), skip elsewhere.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 <command...>" >&2
  exit 2
fi

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  exec "$@"
fi

if command -v pg_virtualenv >/dev/null 2>&1; then
  # pg_virtualenv exports PGHOST, PGPORT (5433 here), PGUSER=postgres and
  # PGDATABASE=postgres to the command; --auth=trust means no password is
  # needed. PGHOST is "localhost" on Debian 12; if a version hands out a socket
  # directory instead, sqlx takes it as ?host=/dir.
  # shellcheck disable=SC2016  # expanded by the inner shell, inside the cluster
  exec pg_virtualenv -i '--auth=trust' bash -c '
    case "$PGHOST" in
      /*) TEST_DATABASE_URL="postgres://$PGUSER@localhost:$PGPORT/$PGDATABASE?host=$PGHOST" ;;
      *) TEST_DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$PGDATABASE" ;;
    esac
    export TEST_DATABASE_URL
    exec "$@"
  ' _ "$@"
fi

if [ "${CI:-}" = true ]; then
  echo "PostgreSQL suite FAILED: no PostgreSQL server available in CI"
  exit 1
fi
echo "PostgreSQL suite skipped: set TEST_DATABASE_URL (or install Debian's postgresql for a throwaway cluster)"
exit 0
