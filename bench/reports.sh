#!/usr/bin/env bash
# Report benchmark: latency of each Task 2 report (default scope, and asOf one year back) against a running API,
# each compared with a reference SQL query over the raw events (bench/reports/baseline-*.sql, timed with pgbench),
# and cross-checked figure by figure against that baseline.
#
# Usage: bench/reports.sh <api-base-url> <analyst-key> <connection-string> <results-dir>
#   connection string: Npgsql form (Host=...;Port=...;Database=...;Username=...;Password=...) or a libpq one.
# Environment: BENCH_DURATION (s per measured run, default 15), BENCH_WARMUP (s of unmeasured requests first, 10:
#   at full scale the first request alone loads the node's copy of the facts for seconds, and JIT tiering needs more),
#   BENCH_PACE_MS (pause between requests, 12: see bench/reports/latency.lua), BENCH_BASELINE_RUNS (minimum pgbench
#   runs per baseline after an untimed one, 2), BENCH_LAG_WAIT (s to wait for the async projections to catch up, 120),
#   BENCH_KEEP=1 keeps the raw JSON and pgbench logs (path printed).
# Writes <results-dir>/reports.json and prints a summary. Talks only to loopback addresses.
#
# Why wrk rather than a curl loop: one keep-alive connection, no process or TCP set-up per request, and microsecond
# timing from request write to response, so the figure is the server's time plus loopback. One connection (-c1):
# the targets are per-request latencies, not throughput. The pacing keeps one key under the API's rate limit.
# Each run first waits until the async projections have caught up, since reports trail writes by their lag.
set -euo pipefail

if (($# != 4)); then
  sed -n '6,13p' "$0" >&2
  exit 2
fi
base="${1%/}"; key="$2"; conn="$3"; results="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
duration="${BENCH_DURATION:-15}"; warmup="${BENCH_WARMUP:-10}"; pace="${BENCH_PACE_MS:-12}"
# Accept "15" or "15s" (write.sh takes wrk-style durations).
duration="${duration%s}"; warmup="${warmup%s}"
min_runs="${BENCH_BASELINE_RUNS:-2}"; lag_wait="${BENCH_LAG_WAIT:-120}"
reports=(gaps overlaps standards-coverage effectiveness)
declare -A target_ms=([current]=25 [asOf]=100)

work="$(mktemp -d /tmp/bench-reports.XXXXXX)"
cleanup() { if [[ "${BENCH_KEEP:-0}" == 1 ]]; then echo "raw files kept in $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools ------------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  [[ $(id -u) == 0 ]] || die "wrk is missing: apt-get install wrk"
  log "installing wrk (Debian package)"
  timeout 300 apt-get install -y wrk >/dev/null 2>&1 \
    || { timeout 300 apt-get update >/dev/null 2>&1 && timeout 300 apt-get install -y wrk >/dev/null 2>&1; } \
    || die "could not install wrk"
fi
for tool in curl jq psql pgbench awk; do command -v "$tool" >/dev/null || die "$tool is missing"; done

# --- loopback only -----------------------------------------------------------------------------------------------
is_loopback() { [[ "$1" =~ ^(127\.[0-9]+\.[0-9]+\.[0-9]+|localhost|\[::1\]|::1)$ ]]; }
api_host="$(sed -E 's#^[a-z]+://([^/:]+|\[[^]]+\]).*#\1#' <<<"$base")"
is_loopback "$api_host" || die "the API must be on a loopback address, not $api_host"

# libpq keyword string from an Npgsql connection string (libpq strings and URIs pass through unchanged).
to_libpq() {
  local input="$1" out="" pair k v
  if [[ "$input" != *";"* && "$input" != *Host=* && "$input" != *Server=* ]]; then echo "$input"; return; fi
  IFS=';' read -ra pairs <<<"$input"
  for pair in "${pairs[@]}"; do
    [[ "$pair" == *=* ]] || continue
    k="$(tr '[:upper:]' '[:lower:]' <<<"${pair%%=*}" | tr -d ' ')"; v="${pair#*=}"
    case "$k" in
      host | server) out+=" host=$v" ;;
      port) out+=" port=$v" ;;
      database | db) out+=" dbname=$v" ;;
      username | "user id" | userid | user) out+=" user=$v" ;;
      password | pwd) out+=" password='${v//\'/\\\'}'" ;;
    esac
  done
  echo "${out# }"
}
pgconn="$(to_libpq "$conn")"
db_host="$(psql "$pgconn" -X -At -c "select coalesce(inet_server_addr()::text, 'local socket')" 2>/dev/null)" \
  || die "cannot connect to the database"
[[ "$db_host" == "local socket" ]] || is_loopback "${db_host%/*}" || die "the database must be on loopback, not $db_host"
export PGCONNECT_TIMEOUT=10

# --- preflight ---------------------------------------------------------------------------------------------------
status="$(curl -s -m 10 -o "$work/status.json" -w '%{http_code}' -H "X-Api-Key: $key" "$base/api/reports/status" || true)"
[[ "$status" == 200 ]] || die "GET $base/api/reports/status answered $status (is the API up, is the key an analyst's?)"

# The baselines inline the reference data; say so if it changed since they were written.
reference_current=true
expected_reference="$("$here/reports/reference-values.sh" "$here/..")"
for r in "${reports[@]}"; do
  inlined="$(sed -n '/^-- BEGIN reference/,/^-- END reference/p' "$here/reports/baseline-$r.sql")"
  if [[ "$inlined" != "$expected_reference" ]]; then
    reference_current=false
    log "warning: reference data inlined in baseline-$r.sql is stale (regenerate with bench/reports/reference-values.sh)"
  fi
done

# Reports trail writes by the daemon's lag; figures are only comparable once it has caught up.
deadline=$((SECONDS + lag_wait))
while :; do
  curl -s -m 10 -H "X-Api-Key: $key" "$base/api/reports/status" >"$work/status.json" || true
  lag="$(jq '[.projections[]?.lag] | max // 0' "$work/status.json" 2>/dev/null || echo unknown)"
  [[ "$lag" == 0 ]] && break
  ((SECONDS < deadline)) || { log "warning: projections still $lag events behind after ${lag_wait}s"; break; }
  sleep 2
done

data_set="$(timeout 600 psql "$pgconn" -X -At -c "
  select json_build_object(
    'events', (select count(*) from traininghub.mt_events),
    'programmes', count(*) filter (where type = 'programme_registered'),
    'offerings', count(*) filter (where type = 'offering_scheduled'),
    'enrolments', count(*) filter (where type = 'trainee_enrolled'))
  from traininghub.mt_events where type in ('programme_registered', 'offering_scheduled', 'trainee_enrolled')")"
log "data set: $data_set; projection lag: $lag"

year_back="$(date -u -d '-365 days' +%Y-%m-%dT%H:%M:%SZ)"

# --- helpers -----------------------------------------------------------------------------------------------------
# Nearest-rank percentile (ms, 3 decimals) of microsecond values on stdin.
percentiles() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "null null 0"; exit }
    i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++; i95 = int(NR * 0.95); if (i95 < NR * 0.95) i95++
    printf "%.3f %.3f %d\n", v[i50] / 1000, v[i95] / 1000, NR }'
}

run_wrk() { # url seconds -> RESULT line
  BENCH_KEY="$key" BENCH_PACE_MS="$pace" timeout $(($2 + 120)) \
    wrk -t1 -c1 -d"${2}s" --timeout 60s -s "$here/reports/latency.lua" "$1" | grep '^RESULT' || echo "RESULT failed"
}

field() { sed -nE "s/.* $1=([0-9]+).*/\1/p" <<<" $2"; }

entries=()
for scope in current asOf; do
  for r in "${reports[@]}"; do
    query=""; [[ "$scope" == asOf ]] && query="?asOf=$year_back"
    url="$base/api/reports/$r$query"; name="$r-$scope"

    # API latency: a short warm-up (JIT, caches), then the measured run.
    log "$name: API, ${warmup}s warm-up + ${duration}s"
    ((warmup > 0)) && run_wrk "$url" "$warmup" >/dev/null
    result="$(run_wrk "$url" "$duration")"
    p50_us="$(field p50_us "$result")"; p95_us="$(field p95_us "$result")"
    requests="$(field requests "$result")"; non2xx="$(field non2xx "$result")"; socket_errors="$(field socket_errors "$result")"

    # Cross-check: one API answer, and the baseline at the very instant the API echoed (truncated to the database's
    # microseconds, which cannot change which events count).
    code="$(curl -s -m 120 -o "$work/api-$name.json" -w '%{http_code}' -H "X-Api-Key: $key" "$url" || true)"
    api_as_of="$(jq -r '.scope.asOf // empty' "$work/api-$name.json" 2>/dev/null || true)"
    [[ "$code" == 200 && -n "$api_as_of" ]] || api_as_of="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
    as_of="$(sed -E 's/(\.[0-9]{6})[0-9]+/\1/' <<<"$api_as_of")"
    log "$name: baseline at $as_of (cross-check)"
    start=$(date +%s%N)
    timeout 1800 psql "$pgconn" -X -v ON_ERROR_STOP=1 -v asof="'$as_of'" -qAt -f "$here/reports/baseline-$r.sql" \
      >"$work/baseline-$name.json" 2>"$work/baseline-$name.err" || die "baseline-$r.sql failed: $(head -3 "$work/baseline-$name.err")"
    first_ms=$((($(date +%s%N) - start) / 1000000))
    if [[ "$code" == 200 ]]; then
      cross_check="$(jq -n --arg report "$r" --slurpfile api "$work/api-$name.json" \
        --slurpfile base "$work/baseline-$name.json" -f "$here/reports/compare.jq")"
    else
      cross_check="$(jq -n --arg code "$code" '{match: false, error: "the API answered \($code)"}')"
    fi

    # Baseline timing: enough pgbench runs to fill the duration (the cross-check run above was its warm-up).
    runs=$(((duration * 1000 + first_ms - 1) / (first_ms > 0 ? first_ms : 1)))
    ((runs < min_runs)) && runs=$min_runs
    ((runs > 2000)) && runs=2000
    log "$name: baseline, $runs pgbench runs (~${first_ms} ms each)"
    rm -f "$work/pgbench-$name".*
    timeout $((runs * (first_ms / 1000 + 5) + 120)) pgbench -n -M simple -c1 -t "$runs" -D asof="'$as_of'" \
      -f "$here/reports/baseline-$r.sql" --log --log-prefix="$work/pgbench-$name" "$pgconn" >"$work/pgbench-$name.out" 2>&1 \
      || die "pgbench of baseline-$r.sql failed: $(tail -3 "$work/pgbench-$name.out")"
    read -r b50 b95 bruns < <(cat "$work/pgbench-$name".[0-9]* | awk '{ print $3 }' | percentiles)

    entries+=("$(jq -n --arg report "$r" --arg scope "$scope" --arg url "${url#"$base"}" \
      --argjson p50us "${p50_us:-null}" --argjson p95us "${p95_us:-null}" --argjson requests "${requests:-0}" \
      --argjson non2xx "${non2xx:-0}" --argjson socketErrors "${socket_errors:-0}" --argjson target "${target_ms[$scope]}" \
      --arg asOf "$as_of" --argjson b50 "$b50" --argjson b95 "$b95" --argjson bruns "$bruns" \
      --argjson crossCheck "$cross_check" '
      def ms: if . == null then null else (. / 1000 * 1000 | round / 1000) end;
      def ratio($a; $b): if $a == null or $b == null or $b == 0 then null else ($a / $b * 10 | round / 10) end;
      ($p50us | ms) as $p50 | ($p95us | ms) as $p95
      | { report: $report, scope: $scope, request: $url,
          api: { p50Ms: $p50, p95Ms: $p95, requests: $requests, non2xx: $non2xx, socketErrors: $socketErrors,
                 targetP95Ms: $target,
                 pass: ($p95 != null and $p95 <= $target and $requests > 0 and $non2xx == 0 and $socketErrors == 0) },
          baseline: { file: "bench/reports/baseline-\($report).sql", asOf: $asOf, runs: $bruns, p50Ms: $b50, p95Ms: $b95 },
          speedUp: { p50: ratio($b50; $p50), p95: ratio($b95; $p95) },
          crossCheck: $crossCheck }')")
  done
done

mkdir -p "$results"
printf '%s\n' "${entries[@]}" | jq -s --argjson dataSet "$data_set" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --arg machine "$(nproc) cores, $(uname -m)" --arg base "$base" --argjson duration "$duration" \
  --argjson pace "$pace" --arg yearBack "$year_back" --arg lag "$lag" --argjson referenceCurrent "$reference_current" '
  { benchmark: "report latency (wrk -t1 -c1, paced) vs raw-event SQL baseline (pgbench -c1), with cross-check",
    date: $date, machine: $machine, api: $base, dataSet: $dataSet, projectionLag: $lag,
    durationS: $duration, paceMs: $pace, asOfYearBack: $yearBack,
    targets: { currentP95Ms: 25, asOfP95Ms: 100 },
    baselineNotes: "each baseline sets enable_nestloop=off, jit=off, work_mem=64MB for its session; p50/p95 nearest rank over pgbench -c1 -M simple transactions",
    baselineReferenceDataCurrent: $referenceCurrent,
    allPass: (map(.api.pass) | all), allCrossChecksMatch: (map(.crossCheck.match) | all),
    results: . }' >"$results/reports.json"

# --- summary -----------------------------------------------------------------------------------------------------
jq -r '"report latency: \(.dataSet.programmes) programmes, \(.dataSet.offerings) offerings, \(.dataSet.enrolments) enrolments, \(.dataSet.events) events; \(.durationS)s per run"' \
  "$results/reports.json"
jq -r '
  (["report", "scope", "p50 ms", "p95 ms", "target", "pass", "reqs", "non2xx", "base p50", "base p95", "x p50", "x p95", "cross-check"] | @tsv),
  (.results[] | [.report, .scope, .api.p50Ms, .api.p95Ms, .api.targetP95Ms, (if .api.pass then "yes" else "NO" end),
     .api.requests, .api.non2xx, .baseline.p50Ms, .baseline.p95Ms, .speedUp.p50, .speedUp.p95,
     (if .crossCheck.match then "match" else "MISMATCH (\(.crossCheck.mismatchCount // .crossCheck.error))" end)] | @tsv)' \
  "$results/reports.json" | { column -t -s $'\t' 2>/dev/null || cat; }
jq -r '"all pass: \(.allPass); all cross-checks match: \(.allCrossChecksMatch)"' "$results/reports.json"
log "results: $results/reports.json"
