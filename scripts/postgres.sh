#!/usr/bin/env bash
# PostgreSQL for development, tests, CI, fault tests and benchmarks: finds (or apt-installs) Debian's server,
# creates and starts private clusters, or uses docker compose; plus the SQL helpers that go with them.
#
# Sourced by build.sh (which owns the commands), or run on its own:
#   scripts/postgres.sh start            same as ./build.sh db-start: only the connection string on stdout
#   scripts/postgres.sh stop             same as ./build.sh db-stop
#   scripts/postgres.sh conn             the connection string db-start gives, without starting anything
#   scripts/postgres.sh create-db NAME   start if needed, create NAME if missing, print its connection string
#
# Environment (defaults give the documented set-up; overrides are for running a second copy beside it):
#   ConnectionStrings__Marten   use this server as is (no cluster, no Docker)
#   TRAININGHUB_PG_PORT         port of the development cluster and of the compose service (55432)
#   TRAININGHUB_PG_STATE_DIR    where clusters and their logs live (<repo>/.data, or a /tmp dir the
#                               postgres user can reach)

# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# --- Settings shared by every path (docker-compose.yml publishes the same ones) ---
PG_PORT="${TRAININGHUB_PG_PORT:-55432}"
PG_USER=traininghub
PG_PASSWORD=traininghub
PG_DB=traininghub
LOCAL_CONN="Host=127.0.0.1;Port=${PG_PORT};Database=${PG_DB};Username=${PG_USER};Password=${PG_PASSWORD}"

LOCK_FILE="/tmp/traininghub-${REPO_ID}.lock"

docker_engine_available() {
  # `docker info` hangs for a long time on some broken setups: bound it.
  command -v docker >/dev/null 2>&1 || return 1
  timeout 15 docker info >/dev/null 2>&1 || return 1
  timeout 15 docker compose version >/dev/null 2>&1
}

# Split an Npgsql-style connection string into DB_HOST/DB_PORT/DB_USER/DB_PASSWORD (what psql needs).
parse_conn() {
  local part key value parts=()
  DB_HOST=127.0.0.1 DB_PORT=5432 DB_USER="" DB_PASSWORD=""
  IFS=';' read -r -a parts <<<"$1"
  for part in "${parts[@]}"; do
    [[ $part == *=* ]] || continue
    key="${part%%=*}"; value="${part#*=}"
    key="$(printf '%s' "$key" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"
    case "$key" in
      host|server) DB_HOST="$value" ;;
      port) DB_PORT="$value" ;;
      username|user|userid|uid) DB_USER="$value" ;;
      password|pwd) DB_PASSWORD="$value" ;;
    esac
  done
}

# Print the connection string $1 with its database replaced by $2.
conn_with_database() {
  local db="$2" part key out="" found="" parts=()
  IFS=';' read -r -a parts <<<"$1"
  for part in "${parts[@]}"; do
    [[ -n $part ]] || continue
    key="$(printf '%s' "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"
    if [[ $key == database || $key == db ]]; then part="Database=$db"; found=1; fi
    out+="${out:+;}$part"
  done
  [[ -n $found ]] || out+="${out:+;}Database=$db"
  printf '%s\n' "$out"
}

# ============================================================================
# Local Debian clusters (the development one, and the throwaway ones of faults and bench)
# ============================================================================

PGBIN=""        # /usr/lib/postgresql/<ver>/bin
STATE_DIR=""    # holds postgres/ (the cluster) and postgres.log
PGDATA_DIR=""
PGLOG=""

# Highest installed PostgreSQL version's bin dir, or nothing.
find_pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n $dir && -x $dir/pg_ctl ]] && printf '%s\n' "$dir"
  return 0
}

# initdb and pg_ctl refuse to run as root: run them as 'postgres' then. `cd /` because
# they fail when the current directory is one the postgres user cannot enter.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Choose where the clusters live: $TRAININGHUB_PG_STATE_DIR if set; else <repo>/.data if the postgres
# user can reach it, otherwise (e.g. a repo under /root) a per-checkout dir under /tmp.
resolve_state_dir() {
  STATE_DIR="${TRAININGHUB_PG_STATE_DIR:-$REPO/.data}"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "the 'postgres' system user is missing; reinstall the Debian package postgresql"
    mkdir -p "$STATE_DIR"
    chmod 755 "$STATE_DIR"
    if ! runuser -u postgres -- test -x "$STATE_DIR" 2>/dev/null; then
      [[ -z ${TRAININGHUB_PG_STATE_DIR:-} ]] \
        || die "the postgres user cannot reach TRAININGHUB_PG_STATE_DIR=$STATE_DIR (or a parent dir)"
      STATE_DIR="/tmp/traininghub-${REPO_ID}"
      mkdir -p "$STATE_DIR"
      chmod 755 "$STATE_DIR"
      log "the postgres user cannot reach $REPO/.data; using $STATE_DIR instead"
    fi
  else
    mkdir -p "$STATE_DIR"
  fi
  PGDATA_DIR="$STATE_DIR/postgres"
  PGLOG="$STATE_DIR/postgres.log"
}

# The Unix socket lives in the data dir, unless that path is too long for a socket name
# (sun_path is 108 bytes), in which case a short per-checkout dir under /tmp is used.
socket_dir() {
  if (( ${#PGDATA_DIR} <= 90 )); then
    printf '%s\n' "$PGDATA_DIR"
  else
    local dir="/tmp/traininghub-${REPO_ID}-sock"
    mkdir -p "$dir"
    is_root && chown postgres: "$dir"
    chmod 700 "$dir"
    printf '%s\n' "$dir"
  fi
}

ensure_pg_binaries() {
  PGBIN="$(find_pg_bin)"
  if [[ -z $PGBIN ]]; then
    if is_root; then
      apt_install postgresql || die "could not install the Debian package postgresql"
      PGBIN="$(find_pg_bin)"
      [[ -n $PGBIN ]] || die "postgresql was installed but no /usr/lib/postgresql/*/bin/pg_ctl was found"
    else
      die "PostgreSQL server binaries not found: install the Debian package postgresql, e.g. sudo apt-get install postgresql (or set ConnectionStrings__Marten)"
    fi
  fi
  # An existing cluster must be run by the major version that created it.
  if [[ -f $PGDATA_DIR/PG_VERSION ]]; then
    local ver; ver="$(cat "$PGDATA_DIR/PG_VERSION")"
    if [[ -x /usr/lib/postgresql/$ver/bin/pg_ctl ]]; then
      PGBIN="/usr/lib/postgresql/$ver/bin"
    else
      die "$PGDATA_DIR was created by PostgreSQL $ver, which is not installed; delete that dir to start afresh"
    fi
  fi
}

pg_ready() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 3 >/dev/null 2>&1; }

local_cluster_running() {
  [[ -f $PGDATA_DIR/PG_VERSION ]] || return 1
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

# A postmaster.pid left by a crash or reboot blocks the start when its PID is now
# another process (pg_ctl/postgres only notice when the PID is gone).
remove_stale_pidfile() {
  local pidfile="$PGDATA_DIR/postmaster.pid" pid comm
  [[ -f $pidfile ]] || return 0
  pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
    [[ $comm == postgres || $comm == postmaster ]] && return 0
  fi
  log "removing stale $pidfile (process ${pid:-?} is not a running postgres)"
  rm -f "$pidfile"
}

init_cluster() {
  log "creating a PostgreSQL cluster in $PGDATA_DIR"
  # initdb into a temporary dir and rename at the end, so an interrupted initdb
  # never leaves a half-made cluster behind that later runs would try to start.
  local tmp="$PGDATA_DIR.init-tmp" pwfile
  rm -rf "$tmp"
  mkdir -p "$tmp"
  chmod 700 "$tmp"
  pwfile="$(mktemp /tmp/traininghub-pw.XXXXXX)"
  printf '%s\n' "$PG_PASSWORD" >"$pwfile"
  if is_root; then chown postgres: "$tmp" "$pwfile"; fi
  if ! as_pg "$PGBIN/initdb" -D "$tmp" -U "$PG_USER" --pwfile="$pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust \
        --encoding=UTF8 --locale=C >"$STATE_DIR/initdb.log" 2>&1; then
    rm -f "$pwfile"
    cat "$STATE_DIR/initdb.log" >&2
    die "initdb failed"
  fi
  rm -f "$pwfile"
  # Durability stays on: the fault tests restart this server under load and must lose nothing.
  cat >>"$tmp/postgresql.conf" <<EOF

# --- TrainingHub dev/test cluster (scripts/postgres.sh) ---
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
max_connections = 200
EOF
  mv "$tmp" "$PGDATA_DIR"
}

start_cluster() {
  local sock; sock="$(socket_dir)"
  : >>"$PGLOG"
  if is_root; then chown postgres: "$PGLOG"; fi
  log "starting PostgreSQL on 127.0.0.1:${PG_PORT} (log: $PGLOG)"
  # 9>&- : the server must not inherit build.sh's lock fd, or it would hold the lock forever.
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 \
        -o "-p ${PG_PORT} -k ${sock} -c listen_addresses=127.0.0.1 -c max_connections=200" \
        start >&2 9>&-; then
    tail -n 30 "$PGLOG" >&2 || true
    die "PostgreSQL did not start"
  fi
}

stop_cluster() { as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >&2; }

wait_until_ready() {
  local i
  for ((i = 0; i < 60; i++)); do
    pg_ready && return 0
    sleep 1
  done
  die "PostgreSQL on 127.0.0.1:${PG_PORT} is not accepting connections"
}

local_db_start() {
  resolve_state_dir
  ensure_pg_binaries
  if local_cluster_running; then
    log "reusing the running cluster in $PGDATA_DIR"
    wait_until_ready
  elif pg_ready; then
    # Something else (another checkout's cluster, a container) already serves our port:
    # use it if our credentials work; two servers cannot share the port anyway.
    log "a PostgreSQL server already listens on 127.0.0.1:${PG_PORT}; reusing it"
  else
    [[ -f $PGDATA_DIR/PG_VERSION ]] || init_cluster
    remove_stale_pidfile
    start_cluster
    wait_until_ready
  fi
  DB_MODE=local
  CONN="$LOCAL_CONN"
  parse_conn "$CONN"
  PSQL="$PGBIN/psql"
  db_sql postgres -tAc 'select 1' >/dev/null \
    || die "cannot log in to 127.0.0.1:${PG_PORT} as ${PG_USER}; is another server using port ${PG_PORT}?"
  ensure_database "$PG_DB"
}

# A throwaway cluster beside the development one, for commands that stop it or load it hard (faults, bench):
# use_throwaway_cluster NAME PORT selects <state dir>/NAME-postgres on PORT (PGBIN, PGDATA_DIR, PG_PORT...).
use_throwaway_cluster() {
  PG_PORT="$2"
  resolve_state_dir
  PGDATA_DIR="$STATE_DIR/$1-postgres"
  PGLOG="$STATE_DIR/$1-postgres.log"
  ensure_pg_binaries
}

# Start the selected throwaway cluster unless it runs; create it first if needed, appending the
# postgresql.conf lines given as arguments (only on creation). Returns once it accepts connections.
throwaway_cluster_up() {
  if ! local_cluster_running; then
    if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
      init_cluster
      (($# == 0)) || printf '%s\n' "$@" >>"$PGDATA_DIR/postgresql.conf"
    fi
    remove_stale_pidfile
    start_cluster
  fi
  wait_until_ready
}

# SQL access to the selected local cluster (what local_db_start sets up for the development one).
use_local_sql() {
  PSQL="$(find_psql)" DB_MODE=local DB_HOST=127.0.0.1 DB_PORT=$PG_PORT DB_USER=$PG_USER DB_PASSWORD=$PG_PASSWORD
}

# ============================================================================
# docker compose
# ============================================================================

docker_db_start() {
  log "Docker engine found: docker compose up -d postgres"
  docker compose up -d postgres >&2
  local i
  # -h 127.0.0.1: the image's first-boot init server listens on the socket only, so a
  # socket check could succeed before the real server is up.
  for ((i = 0; i < 90; i++)); do
    if docker compose exec -T postgres pg_isready -q -h 127.0.0.1 -U "$PG_USER" -d "$PG_DB" >/dev/null 2>&1; then
      DB_MODE=docker
      CONN="$LOCAL_CONN"
      parse_conn "$CONN"
      return 0
    fi
    sleep 1
  done
  docker compose logs --tail 30 postgres >&2 || true
  die "the postgres container did not become ready"
}

# ============================================================================
# SQL access for whichever path db_start took
# ============================================================================

DB_MODE=""   # local | docker | external
CONN=""
PSQL=""

find_psql() {
  if command -v psql >/dev/null 2>&1; then command -v psql; return 0; fi
  local bin; bin="$(find_pg_bin)"
  [[ -n $bin ]] && { printf '%s\n' "$bin/psql"; return 0; }
  apt_install postgresql-client >/dev/null 2>&1 && command -v psql && return 0
  die "psql not found: install the Debian package postgresql-client"
}

# db_sql <database> <psql args...>
db_sql() {
  local db="$1"; shift
  if [[ $DB_MODE == docker ]]; then
    docker compose exec -T postgres psql -X -q -v ON_ERROR_STOP=1 -U "$PG_USER" -d "$db" "$@"
  else
    PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=10 "$PSQL" -X -q -v ON_ERROR_STOP=1 \
      -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$db" "$@"
  fi
}

ensure_database() {
  local name="$1"
  if [[ "$(db_sql postgres -tAc "select 1 from pg_database where datname = '$name'")" != 1 ]]; then
    log "creating database $name"
    db_sql postgres -c "CREATE DATABASE \"$name\""
  fi
}

recreate_database() {
  local name="$1"
  # client_min_messages: no "does not exist, skipping" notice on a first run.
  db_sql postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" -c "CREATE DATABASE \"$name\""
}

# ============================================================================
# Start and stop, whichever the path
# ============================================================================

# Sets DB_MODE and CONN (and the DB_* parts of it).
db_start() {
  if [[ -n ${ConnectionStrings__Marten:-} ]]; then
    DB_MODE=external
    CONN="$ConnectionStrings__Marten"
    parse_conn "$CONN"
    log "using ConnectionStrings__Marten from the environment"
    return 0
  fi
  # Two runs at once must not both initdb/start the cluster. The lock is
  # released right after, so long-running commands (run) do not hold it.
  exec 9>"$LOCK_FILE"
  flock -w 180 9 || die "timed out waiting for $LOCK_FILE"
  if docker_engine_available; then
    docker_db_start
  else
    local_db_start
  fi
  flock -u 9
  exec 9>&-
}

db_stop() {
  if docker_engine_available; then
    docker compose stop postgres >&2 || true
  fi
  PGBIN="$(find_pg_bin)"
  [[ -n $PGBIN ]] || { log "no local PostgreSQL binaries: nothing to stop"; return 0; }
  # Same choice of dir as db_start, but never create anything just to stop.
  local dir dirs=("$REPO/.data/postgres" "/tmp/traininghub-${REPO_ID}/postgres")
  [[ -z ${TRAININGHUB_PG_STATE_DIR:-} ]] || dirs=("$TRAININGHUB_PG_STATE_DIR/postgres")
  for dir in "${dirs[@]}"; do
    [[ -f $dir/PG_VERSION ]] || continue
    PGDATA_DIR="$dir"
    ensure_pg_binaries
    if local_cluster_running; then
      log "stopping the cluster in $dir"
      as_pg "$PGBIN/pg_ctl" -D "$dir" -m fast -w stop >&2
    else
      log "the cluster in $dir is not running"
    fi
  done
}

# ============================================================================
# Run on its own
# ============================================================================

postgres_main() {
  set -euo pipefail
  LOG_TAG=postgres
  cd "$REPO"   # docker compose finds docker-compose.yml here
  local cmd="${1:-}"
  case "$cmd" in
    start) db_start; printf '%s\n' "$CONN" ;;
    stop) db_stop ;;
    conn) printf '%s\n' "${ConnectionStrings__Marten:-$LOCAL_CONN}" ;;
    create-db)
      [[ -n ${2:-} ]] || die "usage: scripts/postgres.sh create-db NAME"
      db_start
      [[ -n $PSQL || $DB_MODE == docker ]] || PSQL="$(find_psql)"
      ensure_database "$2"
      conn_with_database "$CONN" "$2"
      ;;
    *)
      sed -n '5,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
      [[ $cmd == help || $cmd == -h || $cmd == --help ]] || exit 2
      ;;
  esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  postgres_main "$@"
fi
