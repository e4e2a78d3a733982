#!/usr/bin/env bash
# `make soak`: a reproducible load-and-fault run against release servers, on SQLite and
# on PostgreSQL. Prints one line per figure, `soak <sqlite|postgres> <figure> key=value …`,
# so later changes can be compared (all lines are also kept in target/soak/figures.txt):
#
#   soak <backend> load_<kind> count= ok= err_5xx= err_4xx= throttled= net_errors= p50_ms= p95_ms= max_ms=
#        (kinds: grid_read, search, inline_edit, admin_sign_in; sign_in, register, address_save)
#   soak <backend> load_total clients= seconds= requests= throughput_rps= err_5xx= err_4xx= throttled= net_errors=
#   soak <backend> load_4xx | load_5xx | load_net total= <kind>.<status>=…
#   soak <backend> health_baseline | health_under_slow_readers p50_ms= p95_ms= max_ms= …
#   soak <backend> crash_kill … | crash_restart ready_ms= | crash_integrity result= …
#   soak <backend> crash_acked_writes acked= present= lost= | crash_retried_creates … duplicates=
#   soak postgres multi_process_check name= result= … | multi_process_load_* | multi_process divergence=
#   soak <backend> rss_sign_in_burst attempts= answered= err_5xx= before_mb= peak_mb= after_mb= seconds=
#   soak <backend> server_log errors= warnings= panics=
#
# Goals: err_5xx=0, lost=0, duplicates=0, crash_integrity result=ok, divergence=0,
# health_under_slow_readers p95_ms under 100, rss_sign_in_burst after_mb at most 200.
# A 429 counts as throttled, not as an error.
#
# Per backend, on a fresh database (target/soak/sqlite.db; database `soak` in a cached
# PostgreSQL cluster in target/soak/pg, as `make bench` keeps its own): migrate, the demo
# store plus SOAK_CUSTOMERS generated customers, three admins whose password this script
# chose; then one server and 1) the mixed load, 2) slow readers, 3) kill -9 during a
# stream of writes, restart, check; on PostgreSQL 4) a second server on the same database
# and the multi-process checks; 5) last, on a freshly started server (so before_mb is a
# clean baseline, not what the earlier phases left), SOAK_BURST_ATTEMPTS failed storefront
# sign-ins sent at once, unknown emails and existing customers with wrong passwords (each
# runs argon2, 19 MiB), with the server's VmRSS/VmHWM read from /proc before, at the end
# and 5 s after. The work is done by `server soak …` (server/src/cli/soak).
#
# Settings (environment): SOAK_SECONDS (60) and SOAK_CLIENTS (200) for the load;
# SOAK_CUSTOMERS (20000); SOAK_SLOW_SECONDS (20), SOAK_SLOW_READERS (8);
# SOAK_MULTI_SECONDS (15), SOAK_MULTI_CLIENTS (50); SOAK_BURST_ATTEMPTS (600);
# SOAK_PG_PORT (54339).
#
# Every server runs with CLIENTELE_TRUST_PROXY=true and every virtual client sends its own
# X-Forwarded-For address (10.77.x.y and neighbouring blocks: a header value only, never a
# network target), so the per-address limits on sign-ins and registrations see many
# shoppers, as in a real shop, not one address. All traffic goes to 127.0.0.1. Servers
# started here are stopped on exit; their logs stay in target/soak/<backend>-<a|b|burst>.log.
set -euo pipefail
cd "$(dirname "$0")/../.."

export LEPTOS_OUTPUT_NAME=clientele
dir=$PWD/target/soak
mkdir -p "$dir"
figures=$dir/figures.txt
: >"$figures"

echo "== building the release server"
cargo build --release -p server --quiet
bin=$PWD/target/release/server

# The admins the tool signs in as, all with this password: the main one, a second one
# for half the slow exports (the server runs two exports per admin), and one that the
# lockout check locks.
export SOAK_ADMIN_EMAIL=soak-admin@example.com
SOAK_ADMIN_PASSWORD="Soak-admin-$(date +%s)-$RANDOM"
export SOAK_ADMIN_PASSWORD
reader_admin=soak-reader@example.com
lock_admin=soak-lock@example.com

server_pids=()
pg_stop=""
cleanup() {
  local pid
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${server_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$pg_stop" ]; then
    eval "$pg_stop" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# A loopback port nobody listens on (checked, not reserved: fine for a test machine).
free_port() {
  local port
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# tool <url> <args…>: run `server soak`, keeping its figure lines.
tool() {
  local url=$1
  shift
  "$bin" --database-url "$url" soak "$@" | tee -a "$figures"
}

# start_server <backend> <name> <url> <port> [figure]: serve in the background, wait
# for /healthz; sets $started_pid.
start_server() {
  local backend=$1 name=$2 url=$3 port=$4 figure=${5:-}
  local log="$dir/$backend-$name.log"
  NO_COLOR=1 DATABASE_URL="$url" CLIENTELE_ADDR="127.0.0.1:$port" CLIENTELE_TRUST_PROXY=true \
    CLIENTELE_MAIL_OUTBOX=true "$bin" serve >>"$log" 2>&1 &
  started_pid=$!
  server_pids+=("$started_pid")
  local ready=(ready --url "http://127.0.0.1:$port")
  [ -n "$figure" ] && ready+=(--figure "$figure")
  if ! tool "$url" "${ready[@]}"; then
    echo "server $backend-$name did not start; the end of $log:" >&2
    tail -20 "$log" >&2
    exit 1
  fi
}

# stop_server <pid>: SIGTERM (a graceful shutdown), then forget it.
stop_server() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  forget_server "$1"
}

forget_server() {
  local pid kept=()
  for pid in "${server_pids[@]}"; do
    [ "$pid" = "$1" ] || kept+=("$pid")
  done
  server_pids=("${kept[@]}")
}

# prepare <url>: schema, demo store, generated customers, the soak admins.
prepare() {
  local url=$1
  "$bin" --database-url "$url" migrate >/dev/null
  "$bin" --database-url "$url" seed --demo >/dev/null
  "$bin" --database-url "$url" seed --customers "${SOAK_CUSTOMERS:-20000}" --seed 7 >/dev/null 2>&1
  local email
  for email in "$SOAK_ADMIN_EMAIL" "$reader_admin" "$lock_admin"; do
    printf '%s\n' "$SOAK_ADMIN_PASSWORD" |
      "$bin" --database-url "$url" admin create --email "$email" --name "Soak Admin" \
        --role Administrators >/dev/null
  done
}

# log_figures <backend>: what the servers logged, as a figure and the most frequent lines.
log_figures() {
  local backend=$1 logs=("$dir/$1"-*.log)
  local errors warnings panics
  errors=$(cat "${logs[@]}" | grep -c ' ERROR ' || true)
  warnings=$(cat "${logs[@]}" | grep -c ' WARN ' || true)
  panics=$(cat "${logs[@]}" | grep -c 'panicked' || true)
  echo "soak $backend server_log errors=$errors warnings=$warnings panics=$panics" | tee -a "$figures"
  if [ "$errors" -gt 0 ] || [ "$warnings" -gt 0 ]; then
    echo "   most frequent ERROR/WARN lines (timestamps and request ids removed):"
    cat "${logs[@]}" | grep -E ' (ERROR|WARN) ' |
      sed -E 's/^[^ ]+ +//; s/request\{[^}]*\}//; s/[0-9a-f]{8}-[0-9]+//g' |
      cut -c1-200 | sort | uniq -c | sort -rn | head -8 | sed 's/^/   /'
  fi
}

# run_backend <backend> <url>: every phase on one database.
run_backend() {
  local backend=$1 url=$2
  rm -f "$dir/$backend"-*.log "$dir/$backend-crash.json"
  echo "== $backend: preparing a fresh database"
  prepare "$url"
  local port base pid_a
  port=$(free_port)
  base=http://127.0.0.1:$port
  start_server "$backend" a "$url" "$port"
  pid_a=$started_pid

  echo "== $backend: mixed load (${SOAK_CLIENTS:-200} clients, ${SOAK_SECONDS:-60} s)"
  tool "$url" load --url "$base"
  echo "== $backend: slow readers"
  tool "$url" slow-readers --url "$base" --reader-admin-email "$reader_admin"

  echo "== $backend: kill -9 during writes"
  tool "$url" crash-writes --url "$base" --pid "$pid_a" --state-file "$dir/$backend-crash.json"
  wait "$pid_a" 2>/dev/null || true
  forget_server "$pid_a"
  echo "=== soak.sh: restarted after kill -9 ===" >>"$dir/$backend-a.log"
  start_server "$backend" a "$url" "$port" crash_restart
  pid_a=$started_pid
  tool "$url" crash-check --url "$base" --state-file "$dir/$backend-crash.json"

  if [ "$backend" = postgres ]; then
    echo "== $backend: two server processes on one database"
    local port_b pid_b
    port_b=$(free_port)
    start_server "$backend" b "$url" "$port_b"
    pid_b=$started_pid
    tool "$url" multi-process --url "$base" --url "http://127.0.0.1:$port_b" \
      --lock-admin-email "$lock_admin"
    stop_server "$pid_b"
  fi
  stop_server "$pid_a"

  echo "== $backend: ${SOAK_BURST_ATTEMPTS:-600} sign-in attempts at once (memory), on a fresh server"
  local port_c pid_c
  port_c=$(free_port)
  start_server "$backend" burst "$url" "$port_c"
  pid_c=$started_pid
  tool "$url" sign-in-burst --url "http://127.0.0.1:$port_c" --pid "$pid_c"
  stop_server "$pid_c"
  log_figures "$backend"
}

echo "== SQLite"
rm -f "$dir"/sqlite.db*
run_backend sqlite "sqlite://$dir/sqlite.db"

echo "== PostgreSQL"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "PostgreSQL soak skipped: install PostgreSQL (Debian: apt-get install postgresql)"
else
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user.
    as_pg=(runuser -u postgres --)
  fi
  pgdata=$dir/pg
  pg_port=${SOAK_PG_PORT:-54339}
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    [ ${#as_pg[@]} -gt 0 ] && chown postgres "$pgdata"
    "${as_pg[@]}" "$pg_bin/initdb" -D "$pgdata" -U postgres --auth=trust --encoding=UTF8 >/dev/null
  fi
  [ ${#as_pg[@]} -gt 0 ] && chmod o+x "$dir" "$(dirname "$dir")" || true
  if ! "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
      -o "-p $pg_port -k $pgdata -c listen_addresses=127.0.0.1" start >/dev/null
    pg_stop="${as_pg[*]} $pg_bin/pg_ctl -D $pgdata -m fast stop"
  fi
  "$pg_bin/dropdb" -h 127.0.0.1 -p "$pg_port" -U postgres --if-exists soak
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres soak
  run_backend postgres "postgres://postgres@127.0.0.1:$pg_port/soak"
fi

echo
echo "== figures (also in $figures)"
cat "$figures"
