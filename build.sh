#!/usr/bin/env bash
# Developer and CI entry point for TrainingHub: database, run, tests, API checks.
# Run `./build.sh help` for the list of commands.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$REPO"

# --- Settings shared by every path (docker-compose.yml publishes the same ones) ---
PG_PORT=55432
PG_USER=traininghub
PG_PASSWORD=traininghub
PG_DB=traininghub
LOCAL_CONN="Host=127.0.0.1;Port=${PG_PORT};Database=${PG_DB};Username=${PG_USER};Password=${PG_PASSWORD}"

RESULTS_DIR="$REPO/TestResults"
TOOLS_DIR="$REPO/.tools"
# Exact versions: the CLI flags used below were checked against these.
HTTPYAC_VERSION=6.16.7
SPECTRAL_VERSION=6.16.3

API_CHECK_URL=http://127.0.0.1:5081
API_CHECK_DB=traininghub_apicheck

# A short, stable id for this checkout, so two clones never share a lock or a /tmp fallback dir.
REPO_ID="$(printf '%s' "$REPO" | sha1sum | cut -c1-10)"
LOCK_FILE="/tmp/traininghub-${REPO_ID}.lock"

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE="${DOTNET_SKIP_FIRST_TIME_EXPERIENCE:-1}"

# Status messages go to stderr so that `conn=$(./build.sh db-start)` captures only the connection string.
log() { printf '[build] %s\n' "$*" >&2; }
die() { printf '[build] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
Usage: ./build.sh <command> [args]

Commands:
  db-start    Make PostgreSQL available and print its connection string.
              Uses \$ConnectionStrings__Marten if set; else 'docker compose up postgres'
              if a Docker engine answers; else a private local cluster on 127.0.0.1:${PG_PORT}
              (Debian binaries, data in .data/postgres; installs 'postgresql' via apt when root).
  db-stop     Stop the database started by db-start (no error if it is not running).
  run [args]  db-start, then run the API (Release) on \${ASPNETCORE_URLS:-http://127.0.0.1:5080}
              with demo data; extra args go to the app.
  test        db-start, build the solution, run every test project under tests/;
              the last line printed is 'N passed, N failed'.
  api-check   db-start, start the API on ${API_CHECK_URL} against a throwaway database,
              lint /openapi/v1.json with Spectral, run http/*.http with httpyac and the
              dashboard's headless Chromium test.
  bench       benchmarks on a throwaway cluster (127.0.0.1:\${BENCH_PG_PORT:-55434}): generated data set
              (BENCH_SCALE, default 1 = 10,000 programmes, 50,000 offerings, 1,000,000 enrolments), projection
              rebuild, reports vs raw-event SQL, enrolment writes vs pgbench, cold start; results and
              summary.md in bench/results/.
  faults      fault tests on a throwaway cluster (127.0.0.1:${FAULTS_PORT:-55433}): kill -9 the API under
              load, restart PostgreSQL under load; results in TestResults/faults.json.
  help        Show this help.
EOF
}

# ============================================================================
# Helpers
# ============================================================================

is_root() { [[ $EUID -eq 0 ]]; }

apt_install() {
  is_root || return 1
  log "installing Debian package(s): $*"
  export DEBIAN_FRONTEND=noninteractive
  # A failed update (e.g. one unreachable source) should not stop us if the lists are usable.
  apt-get update -q >&2 || log "apt-get update reported errors; trying the install anyway"
  apt-get install -y -q "$@" >&2
}

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
# PostgreSQL: local Debian cluster
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

# Choose where the cluster lives: <repo>/.data if the postgres user can reach it,
# otherwise (e.g. a repo under /root) a per-checkout dir under /tmp.
resolve_state_dir() {
  STATE_DIR="$REPO/.data"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "the 'postgres' system user is missing; reinstall the Debian package postgresql"
    mkdir -p "$STATE_DIR"
    chmod 755 "$STATE_DIR"
    if ! runuser -u postgres -- test -x "$STATE_DIR" 2>/dev/null; then
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
  # Durability stays on: the fault tests (issue 5) restart this server under load and must lose nothing.
  cat >>"$tmp/postgresql.conf" <<EOF

# --- TrainingHub dev/test cluster (build.sh) ---
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
  # 9>&- : the server must not inherit our lock fd, or it would hold the lock forever.
  if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 \
        -o "-p ${PG_PORT} -k ${sock} -c listen_addresses=127.0.0.1 -c max_connections=200" \
        start >&2 9>&-; then
    tail -n 30 "$PGLOG" >&2 || true
    die "PostgreSQL did not start"
  fi
}

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

# ============================================================================
# PostgreSQL: docker compose
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
# SQL access for whichever path db-start took
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

# Sets DB_MODE and CONN (and the DB_* parts of it).
db_start() {
  if [[ -n ${ConnectionStrings__Marten:-} ]]; then
    DB_MODE=external
    CONN="$ConnectionStrings__Marten"
    parse_conn "$CONN"
    log "using ConnectionStrings__Marten from the environment"
    return 0
  fi
  # Two build.sh runs at once must not both initdb/start the cluster. The lock is
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
  # Same choice of dir as db-start, but never create anything just to stop.
  local dir
  for dir in "$REPO/.data/postgres" "/tmp/traininghub-${REPO_ID}/postgres"; do
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
# .NET helpers
# ============================================================================

find_solution() {
  local f
  for f in TrainingHub.sln TrainingHub.slnx; do
    [[ -f $f ]] && { printf '%s\n' "$f"; return 0; }
  done
  f="$(ls -1 ./*.sln ./*.slnx 2>/dev/null | head -n 1 || true)"
  [[ -n $f ]] && printf '%s\n' "$f"
  return 0
}

# Test projects under tests/: those that say IsTestProject or reference the test SDK;
# if none says so (e.g. set in a Directory.Build.props), every project there.
find_test_projects() {
  [[ -d tests ]] || return 0
  local all marked
  all="$(find tests -name '*.csproj' -not -path '*/bin/*' -not -path '*/obj/*' | LC_ALL=C sort)"
  [[ -n $all ]] || return 0
  marked="$(printf '%s\n' "$all" | xargs -d '\n' grep -lE 'IsTestProject>[[:space:]]*true|Microsoft\.NET\.Test\.Sdk' 2>/dev/null || true)"
  if [[ -n $marked ]]; then printf '%s\n' "$marked"; else printf '%s\n' "$all"; fi
}

# Value of attribute $2 of the <Counters .../> element in trx file $1 (0 if absent).
trx_counter() {
  local v
  v="$(grep -o '<Counters [^>]*>' "$1" | head -n 1 | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+' || true)"
  printf '%s\n' "${v:-0}"
}

# ============================================================================
# Commands
# ============================================================================

cmd_db_start() {
  db_start
  printf '%s\n' "$CONN"
}

cmd_db_stop() { db_stop; }

cmd_run() {
  db_start
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
  export ConnectionStrings__Marten="$CONN"
  export TrainingHub__SeedDemoData=true
  export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
  log "API on $ASPNETCORE_URLS ($ASPNETCORE_ENVIRONMENT)"
  # --no-launch-profile: launchSettings.json must not override the URL/environment above.
  exec dotnet run --project src/TrainingHub -c Release --no-launch-profile "$@"
}

TEST_SUMMARY_PRINTED=""
test_exit_trap() {
  local rc=$?
  # Whatever went wrong before the summary (db-start, no solution...), CI still gets a count.
  if [[ $rc -ne 0 && -z $TEST_SUMMARY_PRINTED ]]; then echo "0 passed, 1 failed"; fi
}

cmd_test() {
  trap test_exit_trap EXIT
  db_start
  export TRAININGHUB_TEST_POSTGRES="$CONN"
  rm -rf "$RESULTS_DIR"
  mkdir -p "$RESULTS_DIR"

  local sln; sln="$(find_solution)"
  [[ -n $sln ]] || die "no solution file (TrainingHub.sln) at $REPO"
  log "dotnet build $sln -c Release"
  dotnet build "$sln" -c Release -nologo || die "build failed"

  local projects=() proj name rc failed_runs=0
  mapfile -t projects < <(find_test_projects)
  ((${#projects[@]} > 0)) || log "no test projects under tests/"

  local passed=0 failed=0 trx p f e t a
  for proj in "${projects[@]}"; do
    name="$(basename "$proj" .csproj)"
    log "dotnet test $proj"
    rc=0
    # Keep going after a failing project so that every suite is reported.
    dotnet test "$proj" -c Release --no-build --nologo \
      --logger "trx;LogFileName=${name}.trx" --results-directory "$RESULTS_DIR" || rc=$?
    trx="$RESULTS_DIR/${name}.trx"
    if [[ -f $trx ]]; then
      p="$(trx_counter "$trx" passed)"; f="$(trx_counter "$trx" failed)"
      e="$(trx_counter "$trx" error)"; t="$(trx_counter "$trx" timeout)"; a="$(trx_counter "$trx" aborted)"
      passed=$((passed + p))
      failed=$((failed + f + e + t + a))
    else
      p=0 f=0 e=0 t=0 a=0
    fi
    if ((rc != 0)); then
      failed_runs=$((failed_runs + 1))
      # A crashed run (no trx, or a trx without failures) must still show up as a failure.
      if ((f + e + t + a == 0)); then
        log "dotnet test $proj exited $rc without reporting a failed test; counting it as 1 failure"
        failed=$((failed + 1))
      fi
    fi
  done

  local status=0
  ((failed == 0 && failed_runs == 0)) || status=1
  if ((passed + failed == 0)); then log "no test ran"; status=1; fi
  TEST_SUMMARY_PRINTED=1
  echo "${passed} passed, ${failed} failed"
  return "$status"
}

# --- api-check ---

API_PID=""
API_LOG=""
API_CHECK_OK=""

ensure_node_tools() {
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm || die "npm not found: install Node.js and npm"
  fi
  local have_h have_s
  have_h="$(node -p "require('$TOOLS_DIR/node_modules/httpyac/package.json').version" 2>/dev/null || true)"
  have_s="$(node -p "require('$TOOLS_DIR/node_modules/@stoplight/spectral-cli/package.json').version" 2>/dev/null || true)"
  if [[ $have_h != "$HTTPYAC_VERSION" || $have_s != "$SPECTRAL_VERSION" ]]; then
    log "installing httpyac@$HTTPYAC_VERSION and @stoplight/spectral-cli@$SPECTRAL_VERSION into .tools/"
    mkdir -p "$TOOLS_DIR"
    npm install --prefix "$TOOLS_DIR" --save-exact --no-audit --no-fund --loglevel=error \
      "httpyac@$HTTPYAC_VERSION" "@stoplight/spectral-cli@$SPECTRAL_VERSION" >&2
  fi
}

stop_api() {
  [[ -n $API_PID ]] || return 0
  if kill -0 "$API_PID" 2>/dev/null; then
    log "stopping the API (pid $API_PID)"
    # The API runs in its own process group (setsid): stop dotnet run and the app it spawned.
    kill -TERM -- "-$API_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 20; i++)); do
      kill -0 "$API_PID" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL -- "-$API_PID" 2>/dev/null || true
  fi
  wait "$API_PID" 2>/dev/null || true
  API_PID=""
}

api_check_exit_trap() {
  local rc=$?
  stop_api
  if [[ -z $API_CHECK_OK && -n $API_LOG && -f $API_LOG ]]; then
    log "api-check failed; last lines of the API log ($API_LOG):"
    tail -n 60 "$API_LOG" >&2 || true
  fi
  return "$rc"
}

start_api() {
  local conn="$1" key="$2"
  API_LOG="$RESULTS_DIR/api-check.log"
  if curl -s -o /dev/null --max-time 2 "$API_CHECK_URL/"; then
    die "something already listens on $API_CHECK_URL; stop it first"
  fi
  log "starting the API on $API_CHECK_URL (log: $API_LOG)"
  # setsid: own process group, so stop_api can end dotnet run and its child together.
  ASPNETCORE_ENVIRONMENT=Development \
  ConnectionStrings__Marten="$conn" \
  TrainingHub__SeedDemoData=true \
  TrainingHub__AdminApiKey="$key" \
  ASPNETCORE_URLS="$API_CHECK_URL" \
    setsid dotnet run --project src/TrainingHub -c Release --no-build --no-launch-profile \
      </dev/null >"$API_LOG" 2>&1 9>&- &
  API_PID=$!
}

wait_for_health() {
  local deadline=$((SECONDS + 90)) code
  while ((SECONDS < deadline)); do
    kill -0 "$API_PID" 2>/dev/null || die "the API exited during startup"
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$API_CHECK_URL/health/ready" || true)"
    if [[ $code == 200 ]]; then log "API is ready"; return 0; fi
    sleep 1
  done
  die "GET /health/ready did not return 200 within 90 s (last status: ${code:-none})"
}

lint_openapi() {
  log "GET /openapi/v1.json -> TestResults/openapi.json; spectral lint"
  curl -fsS --max-time 30 -o "$RESULTS_DIR/openapi.json" "$API_CHECK_URL/openapi/v1.json" || return 1
  "$TOOLS_DIR/node_modules/.bin/spectral" lint "$RESULTS_DIR/openapi.json" \
    --ruleset "$REPO/.spectral.yaml" --fail-severity error
}

run_http_files() {
  local key="$1" files=()
  mapfile -t files < <(find http -maxdepth 1 -name '*.http' -type f 2>/dev/null | LC_ALL=C sort)
  if ((${#files[@]} == 0)); then
    log "no http/*.http files yet: skipping httpyac"
    return 0
  fi
  log "httpyac send ${files[*]}"
  # --all: every request in each file (without it httpyac asks which one to send);
  # --bail: stop at the first failed assertion, as later requests build on earlier ones;
  # httpyac exits non-zero when an assertion (?? status == 201) fails or a request errors.
  "$TOOLS_DIR/node_modules/.bin/httpyac" send "${files[@]}" --all --bail -o short \
    --var "baseUrl=$API_CHECK_URL" --var "adminKey=$key" </dev/null
}

# Headless Chromium (Debian's package; a browser download by an npm tool would fail here) driven by
# playwright-core against the running instance: /dashboard must show what the report API says.
run_browser_tests() {
  local key="$1"
  if [[ ! -x /usr/bin/chromium ]]; then
    apt_install chromium || { log "chromium is not installed (apt-get install chromium); browser test not run"; return 1; }
  fi
  if [[ ! -d tests/browser/node_modules/playwright-core ]]; then
    log "installing the browser test's npm packages (tests/browser/package.json)"
    npm install --prefix tests/browser --no-audit --no-fund --loglevel=error >&2 || return 1
  fi
  log "browser test: tests/browser (screenshot in TestResults/dashboard.png)"
  BASE_URL="$API_CHECK_URL" ADMIN_KEY="$key" ARTIFACTS="$RESULTS_DIR" CHROMIUM=/usr/bin/chromium \
    node --test tests/browser/ >&2
}

cmd_api_check() {
  trap api_check_exit_trap EXIT
  mkdir -p "$RESULTS_DIR"
  db_start
  [[ -n $PSQL || $DB_MODE == docker ]] || PSQL="$(find_psql)"
  local key="${TrainingHub__AdminApiKey:-dev-admin-key-change-me}"
  log "recreating database $API_CHECK_DB"
  recreate_database "$API_CHECK_DB"
  local conn; conn="$(conn_with_database "$CONN" "$API_CHECK_DB")"

  ensure_node_tools
  log "dotnet build src/TrainingHub -c Release"
  dotnet build src/TrainingHub -c Release -nologo >&2 || die "build failed"

  start_api "$conn" "$key"
  wait_for_health

  local failures=0
  lint_openapi || { log "OpenAPI lint failed"; failures=$((failures + 1)); }
  run_http_files "$key" || { log "httpyac reported failures"; failures=$((failures + 1)); }
  run_browser_tests "$key" || { log "the dashboard browser test failed"; failures=$((failures + 1)); }
  ((failures == 0)) || die "api-check: $failures check(s) failed"
  API_CHECK_OK=1
  log "api-check passed"
}

# ============================================================================
# Fault tests: their own throwaway cluster (port 55433), because they stop and start PostgreSQL under load
# and must never disturb the development database.
# ============================================================================

FAULTS_PORT=55433

use_faults_cluster() {
  PG_PORT=$FAULTS_PORT
  resolve_state_dir
  PGDATA_DIR="$STATE_DIR/faults-postgres"
  PGLOG="$STATE_DIR/faults-postgres.log"
  ensure_pg_binaries
}

cmd_faults_db() {
  use_faults_cluster
  case "${1:-}" in
    stop) as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >&2 ;;
    start) remove_stale_pidfile; start_cluster; wait_until_ready ;;
    *) die "usage: build.sh _faults-db start|stop" ;;
  esac
}

cmd_faults() {
  mkdir -p "$RESULTS_DIR"
  use_faults_cluster
  if ! local_cluster_running; then
    [[ -f $PGDATA_DIR/PG_VERSION ]] || init_cluster
    remove_stale_pidfile
    start_cluster
  fi
  wait_until_ready
  ensure_node_tools
  log "dotnet build src/TrainingHub -c Release"
  dotnet build src/TrainingHub -c Release -nologo >&2 || die "build failed"
  log "fault tests against 127.0.0.1 only (crash under load, database restart under load); log: TestResults/faults-api.log"
  local status=0
  API_DLL="$REPO/src/TrainingHub/bin/Release/net10.0/TrainingHub.dll" \
  CONNECTION="Host=127.0.0.1;Port=${FAULTS_PORT};Database=postgres;Username=${PG_USER};Password=${PG_PASSWORD}" \
  ADMIN_KEY="faults-admin-key-0123456789abcdef0123456789" PORT=5082 RESULTS="$RESULTS_DIR" \
  DB_STOP_CMD="$REPO/build.sh _faults-db stop" DB_START_CMD="$REPO/build.sh _faults-db start" \
    timeout 300 node tests/faults/faults.mjs || status=$?
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >&2 || true
  return "$status"
}

# Benchmarks (issue "prove it"): own throwaway cluster, generated data set, then each benchmark beside its ceiling.
BENCH_PG_PORT="${BENCH_PG_PORT:-55434}"
BENCH_API_PORT=5098
BENCH_API_PID=""

use_bench_cluster() {
  PG_PORT=$BENCH_PG_PORT
  resolve_state_dir
  PGDATA_DIR="$STATE_DIR/bench-postgres"
  PGLOG="$STATE_DIR/bench-postgres.log"
  ensure_pg_binaries
}

bench_exit_trap() {
  local rc=$?
  if [[ -n $BENCH_API_PID ]]; then kill "$BENCH_API_PID" 2>/dev/null || true; wait "$BENCH_API_PID" 2>/dev/null || true; fi
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  return "$rc"
}

cmd_bench() {
  local scale="${BENCH_SCALE:-1}" results="$REPO/bench/results" api="$REPO/.data/bench-generate/api/TrainingHub.dll"
  # One personal-data key for every step: the API finds the generated people only by hashes under the key the
  # generator used (bench/Generator's BenchDefaults.PersonalDataKey unless set).
  export TrainingHub__PersonalDataKey="${TrainingHub__PersonalDataKey:-bench-personal-data-key-not-a-secret-0123}"
  mkdir -p "$RESULTS_DIR" "$results"
  command -v jq >/dev/null 2>&1 || apt_install jq || die "jq is needed: apt-get install jq"
  use_bench_cluster
  if ! local_cluster_running; then
    if [[ ! -f $PGDATA_DIR/PG_VERSION ]]; then
      init_cluster
      # Sized for this machine (24 GiB): the data set is several GB. Durability stays on (fsync, synchronous_commit).
      printf '%s\n' "shared_buffers = 2GB" "max_wal_size = 8GB" "checkpoint_timeout = 15min" >>"$PGDATA_DIR/postgresql.conf"
    fi
    remove_stale_pidfile
    start_cluster
  fi
  trap bench_exit_trap EXIT
  wait_until_ready
  PSQL="$(find_psql)" DB_MODE=local DB_HOST=127.0.0.1 DB_PORT=$PG_PORT DB_USER=$PG_USER DB_PASSWORD=$PG_PASSWORD
  local conn="Host=127.0.0.1;Port=${PG_PORT};Database=traininghub_bench;Username=${PG_USER};Password=${PG_PASSWORD}"
  recreate_database traininghub_bench

  log "data set (scale $scale) and projection rebuild -> bench/results/rebuild.json"
  bash "$REPO/bench/generate.sh" "$conn" "$scale"

  log "reports -> bench/results/reports.json (API on 127.0.0.1:$BENCH_API_PORT)"
  ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Marten="$conn" TrainingHub__AdminApiKey=bench-admin-key-0123456789abcdef0123456789 \
  TrainingHub__RateLimit__PermitsPerSecond=1000000 TrainingHub__RateLimit__Burst=1000000 \
  ASPNETCORE_URLS="http://127.0.0.1:$BENCH_API_PORT" Logging__LogLevel__Default=Warning \
    dotnet "$api" >"$RESULTS_DIR/bench-reports-api.log" 2>&1 9>&- &
  BENCH_API_PID=$!
  local deadline=$((SECONDS + 120))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$BENCH_API_PORT/health/ready" || true)" == 200 ]]; do
    ((SECONDS < deadline)) || die "the API did not become ready (log: $RESULTS_DIR/bench-reports-api.log)"
    sleep 1
  done
  BENCH_PACE_MS=0 bash "$REPO/bench/reports.sh" "http://127.0.0.1:$BENCH_API_PORT" bench-analyst-key-0000000000000000 \
    "$conn" "$results"
  kill "$BENCH_API_PID"; wait "$BENCH_API_PID" 2>/dev/null || true; BENCH_API_PID=""

  log "enrolment writes vs the pgbench ceiling, hot offering, memory -> bench/results/writes.json"
  bash "$REPO/bench/write.sh" "$conn" "$api" "$results"

  log "cold start -> bench/results/cold-start.json"
  recreate_database traininghub_coldstart
  bash "$REPO/bench/cold-start.sh" "$(conn_with_database "$conn" traininghub_coldstart)" 5

  bash "$REPO/bench/summary.sh" "$results" | tee "$results/summary.md"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    db-start) cmd_db_start "$@" ;;
    db-stop) cmd_db_stop "$@" ;;
    run) cmd_run "$@" ;;
    test) cmd_test "$@" ;;
    api-check) cmd_api_check "$@" ;;
    faults) cmd_faults "$@" ;;
    bench) cmd_bench "$@" ;;
    _faults-db) cmd_faults_db "$@" ;;
    ""|help|-h|--help) usage ;;
    *) usage >&2; die "unknown command: $cmd" ;;
  esac
}

main "$@"
