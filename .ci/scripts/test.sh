#!/usr/bin/env bash
# The whole test run (`make test`, and CI through .ci/run):
#
#   1 setup   2 rustfmt   3 clippy   4 unit + SQLite tests
#   5 PostgreSQL tests   6 browser tests (release build)
#
# Stops at the first failing step, but always prints the per-step table and a
# last line "N passed, M failed" (", K skipped" when the PostgreSQL suites were
# skipped; K counts skipped suites, as their tests were never listed).
set -euo pipefail

cd "$(dirname "$0")/../.."

# Every cargo call sees the same LEPTOS_OUTPUT_NAME as build-site.sh (Leptos
# reads it at compile time), so switching between steps does not rebuild leptos.
export LEPTOS_OUTPUT_NAME=clientele

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# One row per step, for the table at the end.
step_names=()
step_status=()
step_passed=()
step_failed=()
step_seconds=()
total_passed=0
total_failed=0
total_skipped=0

# Sums the counts a step printed: cargo's "test result: ok. N passed; M failed"
# lines and node's "# pass N" / "# fail N" (TAP) or "ℹ pass N" (spec) lines.
# Prints "passed failed".
count_results() {
  awk '
    /^test result:/ {
      for (i = 1; i <= NF; i++) {
        if ($(i) ~ /^passed;?$/) passed += $(i - 1)
        if ($(i) ~ /^failed;?$/) failed += $(i - 1)
      }
    }
    /^(# |ℹ )pass [0-9]+$/ { passed += $NF }
    /^(# |ℹ )(fail|cancelled) [0-9]+$/ { failed += $NF }
    END { print passed + 0, failed + 0 }
  ' "$1"
}

# step NAME COMMAND... : prints a banner, runs COMMAND (output shown and kept in
# a log), records status, counts and time. Returns COMMAND's status.
step() {
  local name=$1
  shift
  local log="$logs/${#step_names[@]}.log"
  local start=$SECONDS
  local status=0
  echo
  echo "==== $name: $* ===="
  "$@" 2>&1 | tee "$log" || status=$?

  local passed failed
  read -r passed failed < <(count_results "$log")
  local result=ok
  if [ "$status" -ne 0 ]; then
    result=FAILED
  elif grep -q '^PostgreSQL suite skipped' "$log"; then
    result=skipped
    total_skipped=$((total_skipped + 1))
  fi
  step_names+=("$name")
  step_status+=("$result")
  step_passed+=("$passed")
  step_failed+=("$failed")
  step_seconds+=("$((SECONDS - start))")
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  echo "==== $name: $result in $((SECONDS - start)) s ===="
  return "$status"
}

summary() {
  echo
  printf '%-24s %-8s %7s %7s %7s\n' step status passed failed seconds
  local i
  for i in "${!step_names[@]}"; do
    printf '%-24s %-8s %7s %7s %7s\n' "${step_names[$i]}" "${step_status[$i]}" \
      "${step_passed[$i]}" "${step_failed[$i]}" "${step_seconds[$i]}"
  done
  echo
  if [ "$total_skipped" -gt 0 ]; then
    echo "$total_passed passed, $total_failed failed, $total_skipped skipped"
  else
    echo "$total_passed passed, $total_failed failed"
  fi
}

# finish STATUS: summary, then exit. A failing step with no failed test
# (a build error, clippy) still makes the run fail through STATUS.
finish() {
  summary
  exit "$1"
}

setup_args=(--e2e)
if [ "${CI:-}" = true ]; then
  # In CI the PostgreSQL suite is mandatory: install the server for it.
  setup_args+=(--postgres --s3)
  # A CI machine builds once: incremental caches would only take disk.
  export CARGO_INCREMENTAL=0
fi

# In CI the debug test builds are not needed once their tests ran, and a CI machine's
# free disk may not hold them and the release build together (a run failed with "No
# space left on device"): drop them before the release build. Laptops keep them.
free_debug_builds() {
  if [ "${CI:-}" = true ]; then
    echo "CI: removing target/debug ($(du -sh target/debug 2>/dev/null | cut -f1)) before the release build"
    rm -rf target/debug
  fi
  df -h . | tail -1
}

step "setup" .ci/scripts/setup.sh "${setup_args[@]}" || finish 1
# The S3 file store's tests start moto_server (setup.sh --s3 installs it there).
export PATH="$PWD/target/tools/moto/bin:$PATH"
if ! command -v moto_server >/dev/null 2>&1 && [ -z "${TEST_S3_ENDPOINT:-}" ]; then
  echo "S3 suite skipped: no moto_server (.ci/scripts/setup.sh --s3 installs it; CI requires it)"
  total_skipped=$((total_skipped + 1))
fi
step "rustfmt" cargo fmt --all -- --check || finish 1
step "clippy" .ci/scripts/lint.sh || finish 1
# Tests whose names contain "postgres" need a PostgreSQL server: step 5.
step "app (sqlite)" cargo test -p app --features ssr -- --skip postgres || finish 1
step "server (sqlite)" cargo test -p server -- --skip postgres || finish 1
step "app (postgres)" .ci/scripts/test-postgres.sh cargo test -p app --features ssr postgres || finish 1
step "server (postgres)" .ci/scripts/test-postgres.sh cargo test -p server postgres || finish 1
free_debug_builds
step "release build" .ci/scripts/build-site.sh release || finish 1
step "browser (e2e)" .ci/scripts/e2e.sh || finish 1
finish 0
