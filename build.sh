#!/usr/bin/env bash
# Developer and CI entry point for TrainingHub: database, run, tests, API checks.
# Run `./build.sh help` for the list of commands.
set -euo pipefail

# PostgreSQL provisioning (local Debian cluster, docker compose, throwaway clusters, SQL helpers) lives in
# scripts/postgres.sh; it also brings REPO, log, die and apt_install (scripts/common.sh).
# shellcheck source=scripts/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/scripts/postgres.sh"
cd "$REPO"

RESULTS_DIR="$REPO/TestResults"
TOOLS_DIR="$REPO/.tools"
# Exact versions: the CLI flags used below were checked against these.
HTTPYAC_VERSION=6.16.7
SPECTRAL_VERSION=6.16.3

API_CHECK_URL=http://127.0.0.1:5081
API_CHECK_DB=traininghub_apicheck

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE="${DOTNET_SKIP_FIRST_TIME_EXPERIENCE:-1}"

usage() {
  cat <<EOF
Usage: ./build.sh <command> [args]

Commands:
  db-start    Make PostgreSQL available and print its connection string.
              Uses \$ConnectionStrings__Marten if set; else 'docker compose up postgres'
              if a Docker engine answers; else a private local cluster on 127.0.0.1:${PG_PORT}
              (Debian binaries, data in .data/postgres; installs 'postgresql' via apt when root).
              The provisioning is scripts/postgres.sh (also runnable alone: start|stop|conn|create-db NAME;
              TRAININGHUB_PG_PORT and TRAININGHUB_PG_STATE_DIR run a second cluster beside this one).
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
              rebuild, reports vs raw-event SQL, enrolment writes vs the minimal-enrolment ceiling
              (../shared/bench/minimal-enrolment) and a pgbench replay, a hot offering (BENCH_HOT_CAPACITY,
              BENCH_HOT_EXTRA, BENCH_HOT_BLOCK: see bench/write.sh), cold start; results and summary.md in
              bench/results/.
  faults      fault tests on a throwaway cluster (127.0.0.1:${FAULTS_PORT:-55433}): kill -9 the API under
              load, restart PostgreSQL under load; results in TestResults/faults.json.
  help        Show this help.
EOF
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
# playwright-core against the running instance: /dashboard must show what the report API says. Beside it, the open
# catalogue's JSON-LD through a JSON-LD processor (jsonld) and schema.org's vocabulary (schema-dts).
run_browser_tests() {
  local key="$1"
  if [[ ! -x /usr/bin/chromium ]]; then
    apt_install chromium || { log "chromium is not installed (apt-get install chromium); browser test not run"; return 1; }
  fi
  if [[ ! -d tests/browser/node_modules/playwright-core || ! -d tests/browser/node_modules/axe-core \
        || ! -d tests/browser/node_modules/jsonld || ! -d tests/browser/node_modules/schema-dts ]]; then
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

use_faults_cluster() { use_throwaway_cluster faults "$FAULTS_PORT"; }

cmd_faults_db() {
  use_faults_cluster
  case "${1:-}" in
    stop) stop_cluster ;;
    start) remove_stale_pidfile; start_cluster; wait_until_ready ;;
    *) die "usage: build.sh _faults-db start|stop" ;;
  esac
}

cmd_faults() {
  mkdir -p "$RESULTS_DIR"
  use_faults_cluster
  throwaway_cluster_up
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
  stop_cluster || true
  return "$status"
}

# Benchmarks: own throwaway cluster, generated data set, then each benchmark beside its ceiling.
BENCH_PG_PORT="${BENCH_PG_PORT:-55434}"
BENCH_API_PORT=5098
BENCH_API_PID=""

use_bench_cluster() { use_throwaway_cluster bench "$BENCH_PG_PORT"; }

bench_exit_trap() {
  local rc=$?
  if [[ -n $BENCH_API_PID ]]; then kill "$BENCH_API_PID" 2>/dev/null || true; wait "$BENCH_API_PID" 2>/dev/null || true; fi
  stop_cluster >/dev/null 2>&1 || true
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
  trap bench_exit_trap EXIT
  # Sized for this machine (24 GiB): the data set is several GB. Durability stays on (fsync, synchronous_commit).
  throwaway_cluster_up "shared_buffers = 2GB" "max_wal_size = 8GB" "checkpoint_timeout = 15min"
  use_local_sql
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
  # The node that served every report at full scale: its peak and final resident memory.
  local peak_kb now_kb
  peak_kb="$(awk '/^VmHWM/ { print $2 }' "/proc/$BENCH_API_PID/status")"
  now_kb="$(awk '/^VmRSS/ { print $2 }' "/proc/$BENCH_API_PID/status")"
  jq --argjson peak "$((peak_kb / 1024))" --argjson now "$((now_kb / 1024))" \
    '.memory = { peakRssMb: $peak, rssMbAfter: $now, targetMb: 300, met: ($peak <= 300) }' \
    "$results/reports.json" >"$results/reports.json.tmp" && mv "$results/reports.json.tmp" "$results/reports.json"
  kill "$BENCH_API_PID"; wait "$BENCH_API_PID" 2>/dev/null || true; BENCH_API_PID=""

  log "enrolment writes vs the minimal-enrolment ceiling and the pgbench replay, hot offering, memory -> bench/results/writes.json"
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
