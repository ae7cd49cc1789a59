#!/usr/bin/env bash
# Enrolment write benchmark against its ceilings, measured in the same run on the same server: the minimal enrolment
# transaction (../shared/bench/minimal-enrolment: the smallest durable enrolment any design could send) and
# pgbench's replay of the API's own enrolment SQL.
#
# Usage: bench/write.sh <connection-string> <api-dll-path> <results-dir>
#   <connection-string>  Npgsql form (Host=...;Port=...;Database=...;Username=...;Password=...), a database that
#                        already holds the data set and the schema (db-apply); the user must be a superuser (it
#                        turns statement logging on for the capture and reads the server log).
#   <api-dll-path>       a published TrainingHub.dll (Release; Production uses its pre-generated code).
#   <results-dir>        gets writes.json and enrolment-ceiling.pgbench (the generated replay script).
# Environment: BENCH_PORT (5602), BENCH_DURATION (30s), BENCH_WARMUP (15s), BENCH_CONNECTIONS ("16 64"),
#   BENCH_HOT_CAPACITY (10000, the API's maximum), BENCH_HOT_EXTRA (2000: enrolments beyond capacity, onto the
#   waitlist), BENCH_HOT_BLOCK (1000: requests per reported block), BENCH_HOT_CONNECTIONS (16),
#   BENCH_MINIMAL_CEILING (<repo>/../shared/bench/minimal-enrolment: setup.sql and enrol.pgbench, read in place),
#   BENCH_GENERATOR (TrainingHub.Bench.Generator.dll, default <api-dll dir>/../generator/, where bench/generate.sh
#   builds it: its hot-enrol command sends the hot offering's requests),
#   BENCH_PARTNER_KEY (bench-partner-key-0000000000000000), BENCH_SCHEMA (traininghub),
#   TrainingHub__PersonalDataKey (bench-personal-data-key-not-a-secret-0123: generate.sh's default; the key the data
#   set was generated with),
#   BENCH_PG_LOG (the server log file, when it cannot be found by itself), BENCH_KEEP_WORK=1 (keep the temp dir),
#   BENCH_PGBENCH_MODE (extended = unprepared statements, as Npgsql sends them by default; use prepared when the
#   connection string turns on Npgsql's automatic preparation, e.g. "Max Auto Prepare=64").
#   The API inherits the environment (e.g. Logging__LogLevel__Default=Warning to try a quieter log).
#
# What it does, in order:
#  1. open offerings (scheduled, enrolment window open for at least another hour, programme not retired) from the
#     read models, into a file for wrk and a numbered table (schema bench_write, dropped at the end) for pgbench;
#  2. starts the API (Production) and captures the SQL of ONE enrolment from the server log, turning
#     log_statement=all on for those few seconds only; bench/write/capture-to-pgbench.py turns it into a pgbench
#     script (its header says how it differs from the API's traffic);
#  3. wrk: warm-up, then enrolments into random open offerings at each connection count;
#  3b. hot offering: a new offering of capacity BENCH_HOT_CAPACITY gets exactly capacity + BENCH_HOT_EXTRA enrolments
#     from 16 concurrent workers (bench/Generator hot-enrol: one line per request with its completion time, latency
#     and status), reported per block of BENCH_HOT_BLOCK requests in completion order; then the roster must show
#     seatsTaken = confirmed = capacity and a waitlist of exactly BENCH_HOT_EXTRA numbered 1..extra;
#  4. peak RSS of the API (VmHWM) over all of the above, then stops the API;
#  5. pgbench replays the captured transaction at the same concurrency (API stopped, so it has the machine), then
#     deletes exactly the rows it wrote (all events after a recorded seq_id mark; stream versions restored);
#  6. the minimal-enrolment ceiling (API still stopped): its setup.sql (schema "ceiling") before each run, then
#     pgbench -D offerings=5000 at each connection count and -D offerings=1 (the hot ceiling) at 16; schema dropped.
# The write runs add real enrolments (and trainees) to the data set: run the read benchmarks first, or regenerate.
set -euo pipefail

if (($# != 3)); then
  sed -n '2,/^# What it does/p' "$0" | sed '$d' >&2
  exit 2
fi
conn="$1"; dll="$2"; results="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${BENCH_PORT:-5602}"
duration="${BENCH_DURATION:-30s}"
warmup="${BENCH_WARMUP:-15s}"
# Accept "30" or "30s" (reports.sh takes plain seconds).
[[ $duration =~ ^[0-9]+$ ]] && duration+=s
[[ $warmup =~ ^[0-9]+$ ]] && warmup+=s
read -r -a conns <<<"${BENCH_CONNECTIONS:-16 64}"
hot_capacity="${BENCH_HOT_CAPACITY:-10000}"
hot_extra="${BENCH_HOT_EXTRA:-2000}"
hot_block="${BENCH_HOT_BLOCK:-1000}"
hot_conns="${BENCH_HOT_CONNECTIONS:-16}"
for v in hot_capacity hot_extra hot_block hot_conns; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || { echo "BENCH_${v^^}: a whole number, got '${!v}'" >&2; exit 2; }
done
((hot_capacity >= 1 && hot_block >= 1 && hot_conns >= 1)) || { echo "BENCH_HOT_CAPACITY, _BLOCK, _CONNECTIONS: at least 1" >&2; exit 2; }
pgbench_mode="${BENCH_PGBENCH_MODE:-extended}"
[[ "$pgbench_mode" == extended || "$pgbench_mode" == prepared ]] || { echo "BENCH_PGBENCH_MODE: extended or prepared" >&2; exit 2; }
partner_key="${BENCH_PARTNER_KEY:-bench-partner-key-0000000000000000}"
schema="${BENCH_SCHEMA:-traininghub}"
# The key the data set was generated with: the API finds people only by e-mail hashes under it.
export TrainingHub__PersonalDataKey="${TrainingHub__PersonalDataKey:-bench-personal-data-key-not-a-secret-0123}"
(( ${#TrainingHub__PersonalDataKey} >= 32 )) || { echo "TrainingHub__PersonalDataKey: at least 32 characters" >&2; exit 2; }
base="http://127.0.0.1:$port"
run="$(date +%s)-$$"
admin_key="bench-admin-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
work="$(mktemp -d /tmp/bench-write.XXXXXX)"
mkdir -p "$results"
results="$(cd "$results" && pwd)"

exec 3>&2 # the script's own stderr: log lines reach it even from a trap that fires inside a redirected call
log() { printf '[write %s] %s\n' "$(date +%T)" "$*" >&3; }
die() { log "FAILED: $*"; exit 1; }
seconds() { # 30s / 2m / 45 -> seconds (pgbench -T takes seconds)
  local d="$1"
  case "$d" in *m) echo $((${d%m} * 60)) ;; *s) echo "${d%s}" ;; *) echo "$d" ;; esac
}
dur_s="$(seconds "$duration")"; warm_s="$(seconds "$warmup")"

# --- connection string -> libpq environment (psql and pgbench read it) ---
IFS=';' read -r -a parts <<<"$conn"
for part in "${parts[@]}"; do
  [[ "$part" == *=* ]] || continue
  k="$(echo "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"; v="${part#*=}"
  case "$k" in
    host | server) export PGHOST="$v" ;;
    port) export PGPORT="$v" ;;
    database | db) export PGDATABASE="$v" ;;
    username | userid | user | "user id") export PGUSER="$v" ;;
    password | pwd) export PGPASSWORD="$v" ;;
  esac
done
export PGCONNECT_TIMEOUT=10 PGOPTIONS="-c client_min_messages=warning"
case "${PGHOST:-}" in 127.0.0.1 | localhost | ::1) ;; *) die "only a local database (127.0.0.1) is benchmarked, got Host=${PGHOST:-?}" ;; esac
q() { psql -X -v ON_ERROR_STOP=1 -qAt "$@"; }

# --- tools ---
pgbin=/usr/lib/postgresql/15/bin
pgbench="$pgbin/pgbench"; [[ -x "$pgbench" ]] || pgbench="$(command -v pgbench)" || die "pgbench not found"
if ! command -v wrk >/dev/null; then
  ((EUID == 0)) || die "wrk is missing: apt-get install -y wrk"
  log "installing wrk"
  timeout 300 apt-get install -y wrk >/dev/null 2>&1 || { timeout 300 apt-get update >/dev/null && timeout 300 apt-get install -y wrk >/dev/null; }
fi
for tool in psql curl jq python3 dotnet wrk; do command -v "$tool" >/dev/null || die "$tool not found"; done
[[ -f "$dll" ]] || die "no API at $dll"
# The minimal-enrolment ceiling lives beside the repository and is read where it is (never copied in).
minimal_dir="${BENCH_MINIMAL_CEILING:-$here/../../shared/bench/minimal-enrolment}"
[[ -f "$minimal_dir/setup.sql" && -f "$minimal_dir/enrol.pgbench" ]] ||
  die "the minimal-enrolment ceiling is missing: no setup.sql and enrol.pgbench in $minimal_dir (BENCH_MINIMAL_CEILING)"
minimal_dir="$(cd "$minimal_dir" && pwd)"
generator="${BENCH_GENERATOR:-$(dirname "$dll")/../generator/TrainingHub.Bench.Generator.dll}"
[[ -f "$generator" ]] || die "no bench generator at $generator (bench/generate.sh builds it; or set BENCH_GENERATOR)"

# --- clean-up: whatever happens, logging back to normal, API stopped, our rows and table gone ---
api_pid=""; logging_changed=""; pgbench_mark=""; child=""; ceiling_schema=""
# wrk and pgbench run in the background and are waited for, so a signal reaches the trap at once and the trap can
# stop them before it cleans up (a foreground child would keep writing while the clean-up runs).
run_child() {
  "$@" &
  child=$!
  local rc=0
  wait "$child" || rc=$?
  child=""
  return "$rc"
}
stop_child() {
  [[ -n "$child" ]] || return 0
  kill "$child" 2>/dev/null || true
  wait "$child" 2>/dev/null || true
  child=""
}
restore_logging() {
  [[ -n "$logging_changed" ]] || return 0
  q -f "$work/restore-logging.sql" >/dev/null && logging_changed="" || log "WARNING: could not restore logging settings ($work/restore-logging.sql)"
}
stop_api() {
  [[ -n "$api_pid" ]] || return 0
  kill "$api_pid" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$api_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
  api_pid=""
}
cleanup() {
  local rc=$?
  stop_child
  restore_logging
  stop_api
  [[ -z "$pgbench_mark" ]] || remove_pgbench_rows || log "WARNING: pgbench rows after seq_id $pgbench_mark not removed"
  q -c "drop schema if exists bench_write cascade" >/dev/null 2>&1 || true
  [[ -z "$ceiling_schema" ]] || q -c "drop schema if exists ceiling cascade" >/dev/null 2>&1 || log "WARNING: schema ceiling not dropped"
  if ((rc != 0)) && [[ -f "$work/api.log" ]]; then log "API log tail:"; tail -n 30 "$work/api.log" >&3 || true; fi
  if [[ "${BENCH_KEEP_WORK:-}" == 1 || $rc -ne 0 ]]; then log "work files kept in $work"; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. data: the partner, the open offerings ---
q -c "select 1" >/dev/null || die "cannot connect with the given connection string"
[[ "$(q -c "select rolsuper from pg_roles where rolname = current_user")" == t ]] || die "the database user must be a superuser (capture)"
for t in mt_doc_offeringview mt_doc_programmeview mt_doc_offering mt_doc_apikeycredential mt_doc_partnertrainee mt_events mt_streams; do
  [[ "$(q -c "select to_regclass('$schema.$t') is not null")" == t ]] || die "table $schema.$t missing (db-apply, data set?)"
done
key_hash="$(printf '%s' "$partner_key" | sha256sum | cut -d' ' -f1)"
partner_id="$(q -c "select data->>'OrganisationId' from $schema.mt_doc_apikeycredential where id = '$key_hash' and data->>'Role' = 'partner'")"
[[ -n "$partner_id" ]] || die "BENCH_PARTNER_KEY is not a partner key in this database"
# The replay's e-mails are in each partner's record of the person (the person itself holds only a keyed hash).
[[ "$(q -c "select count(*) from $schema.mt_doc_partnertrainee where data->'Person'->>'Email' like '%@pgbench.invalid'")" == 0 ]] ||
  die "rows of an interrupted pgbench replay are still in the database (partner trainees @pgbench.invalid); see bench/write/remove-pgbench-rows.sql"
# Full statement logging would slow every run (and may be left over from an interrupted capture).
case "$(q -c "show log_statement")" in mod | all) die "log_statement is '$(q -c "show log_statement")' (ALTER SYSTEM RESET log_statement; SELECT pg_reload_conf())" ;; esac

# Open = what the API accepts now and for the next hour: scheduled, window open, programme not retired.
q >/dev/null <<SQL
drop schema if exists bench_write cascade;
create schema bench_write;
create unlogged table bench_write.open_offerings (n int primary key, id uuid not null, programme_id uuid, provider_id uuid);
insert into bench_write.open_offerings
select row_number() over (order by o.id), o.id, (o.data->>'ProgrammeId')::uuid, (o.data->>'ProviderId')::uuid
from $schema.mt_doc_offeringview o
join $schema.mt_doc_programmeview p on p.id = (o.data->>'ProgrammeId')::uuid
where o.data->>'Status' = 'scheduled'
  and (o.data->>'StartDate')::date > current_date
  and p.data->>'Status' <> 'retired'
  and coalesce((o.data->>'EnrolmentOpensAt')::timestamptz, '-infinity') <= now()
  and (o.data->>'EffectiveEnrolmentClosesAt')::timestamptz > now() + interval '1 hour';
SQL
open_count="$(q -c "select count(*) from bench_write.open_offerings")"
((open_count > 0)) || die "no open offerings in the data set"
q -c "select id from bench_write.open_offerings order by n" >"$work/open-offerings.txt"
# An enrolment reads and rewrites its offering's snapshot: its size should stay small whatever the enrolments.
dataset="$(q -c "select json_build_object(
  'meanSnapshotKb', round(avg(octet_length(s.data::text)) / 1024.0, 1), 'maxSnapshotKb', round(max(octet_length(s.data::text)) / 1024.0, 1))
  from bench_write.open_offerings o join $schema.mt_doc_offering s on s.id = o.id")"
log "open offerings: $open_count; partner $partner_id"

# --- 2. the API ---
log "starting the API on $base"
! curl -s -o /dev/null --max-time 2 "$base/" || die "something already listens on $base (BENCH_PORT)"
ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Marten="$conn" TrainingHub__AdminApiKey="$admin_key" \
  TrainingHub__RateLimit__PermitsPerSecond=1000000 TrainingHub__RateLimit__Burst=1000000 \
  ASPNETCORE_URLS="$base" dotnet "$dll" >"$work/api.log" 2>&1 &
api_pid=$!
for i in $(seq 600); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/health/ready" || true)" == 200 ]] && break
  kill -0 "$api_pid" 2>/dev/null || die "the API exited during start-up"
  ((i < 600)) || die "the API was not ready within 60 s"
  sleep 0.1
done

enrol() { # enrol <offering> <idempotency-key> <email> -> body, then the status code on its own line
  curl -sS --max-time 20 -w '\n%{http_code}' -H "X-Api-Key: $partner_key" -H "Idempotency-Key: $2" \
    -H 'Content-Type: application/json' "$base/api/offerings/$1/enrolments" -d "{\"trainee\":{\"email\":\"$3\",
    \"givenName\":\"Capture\",\"familyName\":\"Request\",\"sex\":\"female\",\"countryOfResidence\":\"KAZ\",
    \"organisation\":\"Bench statistical office\",\"organisationType\":\"nso\"},\"partnerReference\":\"$2\"}"
}

# --- 2b. capture one enrolment's SQL from the server log ---
# Where the server writes its log: the logging collector's file, BENCH_PG_LOG, or the postmaster's stderr file.
pg_log="$(q -c "select coalesce(pg_current_logfile('stderr'), '')")"
if [[ -n "$pg_log" && "$pg_log" != /* ]]; then pg_log="$(q -c "show data_directory")/$pg_log"; fi
if [[ -z "$pg_log" ]]; then pg_log="${BENCH_PG_LOG:-}"; fi
if [[ -z "$pg_log" ]]; then
  pm_pid="$(q -c "select split_part(pg_read_file('postmaster.pid'), E'\n', 1)")"
  pg_log="$(readlink "/proc/$pm_pid/fd/2" 2>/dev/null || true)"
fi
[[ -n "$pg_log" && -f "$pg_log" && -r "$pg_log" ]] || die "cannot find the server log (set BENCH_PG_LOG=<file>)"
[[ "$(q -c "show log_destination")" == *stderr* ]] || die "log_destination must include stderr for the capture"

# Settings we change, and how to put each back: the ALTER SYSTEM value it had, or none.
settings=(log_statement log_line_prefix log_parameter_max_length log_error_verbosity)
: >"$work/restore-logging.sql"
for s in "${settings[@]}"; do
  old="$(q -c "select setting from pg_file_settings where name = '$s' and sourcefile like '%postgresql.auto.conf' order by seqno desc limit 1")"
  if [[ -n "$old" ]]; then echo "alter system set $s = '${old//\'/\'\'}';" >>"$work/restore-logging.sql"
  else echo "alter system reset $s;" >>"$work/restore-logging.sql"; fi
done
echo "select pg_reload_conf();" >>"$work/restore-logging.sql"

capture_offering="$(head -n 1 "$work/open-offerings.txt")"
capture_key="capture-$run"; capture_email="capture-$run@bench.example.org"
log_start=$(($(stat -c %s "$pg_log") + 1))
logging_changed=1
q >/dev/null <<'SQL'
alter system set log_statement = 'all';
alter system set log_line_prefix = '%m [%p] ';
alter system set log_parameter_max_length = -1;
alter system set log_error_verbosity = 'default';
select pg_reload_conf();
SQL
sleep 1
answer="$(enrol "$capture_offering" "$capture_key" "$capture_email")"
sleep 1 # let the server finish writing the request's lines
restore_logging
tail -c +"$log_start" "$pg_log" >"$work/capture.log"
[[ "$(tail -n 1 <<<"$answer")" == 201 ]] || die "the capture enrolment answered $(tail -n 1 <<<"$answer"): $(head -n 1 <<<"$answer")"
enrolment_id="$(head -n 1 <<<"$answer" | jq -r .enrolmentId)"; trainee_id="$(head -n 1 <<<"$answer" | jq -r .traineeId)"
# The keyed hashes the request wrote (e-mail, Idempotency-Key, request) and the partner's record of the person, read
# back as stored: the replay gives each transaction its own (unique indexes on the e-mail and key hashes).
capture_hashes="$(q -c "select json_build_object(
    'emailKey', (select data->>'EmailKey' from $schema.mt_doc_trainee where id = '$trainee_id'),
    'idempotencyKeyHash', (select data->>'KeyHash' from $schema.mt_doc_enrolmentidempotency where id = '$enrolment_id'),
    'partnerTrainee', (select id from $schema.mt_doc_partnertrainee
                       where data->>'TraineeId' = '$trainee_id' and data->>'PartnerId' = '$partner_id'),
    'requestHash', (select r->>'RequestHash' from $schema.mt_doc_partnertrainee d, jsonb_array_elements(d.data->'References') r
                    where d.data->>'TraineeId' = '$trainee_id' and d.data->>'PartnerId' = '$partner_id'
                      and r->>'EnrolmentId' = '$enrolment_id'))")"
jq -e 'all(.[]; type == "string" and length > 0)' <<<"$capture_hashes" >/dev/null ||
  die "the captured enrolment's hashes or partner record are not where expected: $capture_hashes"
partner_trainee_id="$(jq -r .partnerTrainee <<<"$capture_hashes")"
jq -n --arg schema "$schema" --arg offering "$capture_offering" --arg enrolment "$enrolment_id" --arg trainee "$trainee_id" \
  --arg key "$capture_key" --arg email "$capture_email" --arg keyHash "$key_hash" --arg partner "$partner_id" \
  --argjson openCount "$open_count" --argjson hashes "$capture_hashes" \
  --arg programme "$(q -c "select programme_id from bench_write.open_offerings where id = '$capture_offering'")" \
  --arg provider "$(q -c "select provider_id from bench_write.open_offerings where id = '$capture_offering'")" \
  --argjson events "$(q -c "select coalesce(json_agg(id order by seq_id), '[]') from $schema.mt_events
                            where stream_id in ('$trainee_id', '$partner_trainee_id')
                               or (stream_id = '$capture_offering' and data->>'EnrolmentId' = '$enrolment_id')")" \
  '{schema: $schema, offering: $offering, enrolment: $enrolment, trainee: $trainee, key: $key, email: $email,
    keyHash: $keyHash, programme: $programme, provider: $provider, eventIds: $events, constantIds: [$partner],
    partnerTrainee: $hashes.partnerTrainee, emailKey: $hashes.emailKey, idempotencyKeyHash: $hashes.idempotencyKeyHash,
    requestHash: $hashes.requestHash, openCount: $openCount, pickTable: "bench_write.open_offerings"}' >"$work/symbols.json"
ceiling_script="$results/enrolment-ceiling.pgbench"
python3 "$here/write/capture-to-pgbench.py" "$work/capture.log" "$work/symbols.json" "$ceiling_script"
log "replay script: $ceiling_script"

# --- 3. wrk ---
# What a run cost: CPU of the API and of PostgreSQL (postmaster and its children, local cluster only) and the
# database work (WAL bytes, commits, rows) from pg_stat_database; divided per request or transaction later.
clk="$(getconf CLK_TCK)"
pm_pid="$(q -c "select split_part(pg_read_file('postmaster.pid'), E'\n', 1)")"
[[ -r "/proc/$pm_pid/stat" ]] || pm_pid=""
pg_ticks() {
  [[ -n "$pm_pid" ]] || { echo null; return; }
  # Fields after "(comm) ": 2 ppid, 12 utime, 13 stime, 14 cutime, 15 cstime (exited backends land in cutime).
  { sed 's/.*) //' "/proc/$pm_pid/stat" | awk '{print $12 + $13 + $14 + $15}'
    { sed 's/.*) //' /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$pm_pid" '$2 == pm {print $12 + $13}'
  } | awk '{t += $1} END {print t}'
}
api_ticks() { [[ -n "$api_pid" ]] && sed 's/.*) //' "/proc/$api_pid/stat" | awk '{print $12 + $13}' || echo null; }
db_stats() {
  q -c "select json_build_object('wal', pg_current_wal_lsn() - '0/0'::pg_lsn, 'commits', xact_commit, 'rollbacks', xact_rollback,
          'inserted', tup_inserted, 'updated', tup_updated, 'deleted', tup_deleted, 'fetched', tup_fetched)
        from pg_stat_database where datname = current_database()"
}
snapshot() { jq -n --argjson api "$(api_ticks)" --argjson pg "$(pg_ticks)" --argjson db "$(db_stats)" '{api: $api, pg: $pg, db: $db}'; }
cost() { # cost <before.json> <after.json> <count> -> per-unit figures
  sleep 1.5 # pg_stat_database is flushed about once a second
  local rss=null
  [[ -z "$api_pid" ]] || rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$api_pid/status")"
  jq -n --slurpfile a "$1" --argjson b "$(snapshot)" --argjson n "$3" --argjson clk "$clk" --argjson rss "$rss" '
    def per(x): if $n > 0 and x != null then (x / $n * 100 | round / 100) else null end;
    {count: $n, apiRssMbAfter: (if $rss != null then ($rss / 1024 | round) else null end),
     apiCpuMs: (if $b.api != null and $a[0].api != null then per(($b.api - $a[0].api) * 1000 / $clk) else null end),
     pgCpuMs: (if $b.pg != null and $a[0].pg != null then per(($b.pg - $a[0].pg) * 1000 / $clk) else null end),
     walBytes: per($b.db.wal - $a[0].db.wal), commits: per($b.db.commits - $a[0].db.commits),
     rowsInserted: per($b.db.inserted - $a[0].db.inserted), rowsUpdated: per($b.db.updated - $a[0].db.updated),
     rowsFetched: per($b.db.fetched - $a[0].db.fetched)}' >"$2.cost"
}

wrk_run() { # wrk_run <connections> <duration> <offerings-file> <out.json>
  snapshot >"$4.before"
  run_child timeout $(($(seconds "$2") + 60)) wrk -t2 -c"$1" -d"$2" --latency --timeout 10s -s "$here/enrol.lua" "$base" \
    -- "$3" "$partner_key" "$run-$1-$RANDOM" >"$work/wrk.out" 2>&1 || { cat "$work/wrk.out" >&2; die "wrk failed"; }
  grep '^WRK_JSON ' "$work/wrk.out" | sed 's/^WRK_JSON //' >"$4.raw"
  jq -e . "$4.raw" >/dev/null || { cat "$work/wrk.out" >&2; die "no result from wrk"; }
  cost "$4.before" "$4" "$(jq '.requests - .non2xx' "$4.raw")"
  jq --slurpfile c "$4.cost" '. + {perRequest: $c[0]}' "$4.raw" >"$4"
}
log "warm-up: $warmup at ${conns[0]} connections"
wrk_run "${conns[0]}" "$warmup" "$work/open-offerings.txt" "$work/warmup.json"
for c in "${conns[@]}"; do
  log "enrolments into random open offerings: $c connections, $duration"
  wrk_run "$c" "$duration" "$work/open-offerings.txt" "$work/api-$c.json"
  log "  $(jq -r '"\(.rps) req/s, p50 \(.p50Ms) ms, p99 \(.p99Ms) ms, non-2xx \(.non2xx)"' "$work/api-$c.json")"
done

# Hot offering: a new offering with a small capacity, every request into it.
admin() { curl -sS --fail-with-body --max-time 20 -H "X-Api-Key: $admin_key" -H 'Content-Type: application/json' "$base$1" -d "$2"; }
hot_org="$(admin /api/organisations "{\"name\":\"Bench hot provider $run\",\"kind\":\"national\"}" | jq -r .id)"
hot_key="$(admin "/api/organisations/$hot_org/api-keys" '{"role":"provider"}' | jq -r .key)"
hot_post() { curl -sS --fail-with-body --max-time 20 -H "X-Api-Key: $hot_key" -H 'Content-Type: application/json' "$base$1" -d "$2"; }
hot_prog="$(hot_post /api/programmes "{\"title\":\"Bench hot programme $run\",\"level\":\"intermediate\",
  \"disciplines\":[\"demography\"],\"deliveryModes\":[\"online\"],\"languages\":[\"en\"],\"regions\":[\"ECE\"],\"durationHours\":8}" | jq -r .id)"
hot_id="$(hot_post "/api/programmes/$hot_prog/offerings" "{\"startDate\":\"$(date -u -d '+120 days' +%F)\",
  \"endDate\":\"$(date -u -d '+121 days' +%F)\",\"deliveryMode\":\"online\",\"language\":\"en\",\"capacity\":$hot_capacity}" | jq -r .id)"
hot_total=$((hot_capacity + hot_extra))
log "hot offering $hot_id (capacity $hot_capacity): exactly $hot_total enrolments, $hot_conns concurrent"
snapshot >"$work/hot.before"
# Workstation GC: a client on a 2-core machine shared with the API and PostgreSQL should take as little as it can.
run_child timeout $((hot_total / 2 + 600)) env DOTNET_gcServer=0 dotnet "$generator" hot-enrol --url "$base" \
  --offering "$hot_id" --key "$partner_key" --requests "$hot_total" --concurrency "$hot_conns" --run "$run" \
  --out "$work/hot-requests.tsv" >"$work/hot.out" 2>&1 || { cat "$work/hot.out" >&2; die "the hot-offering load failed"; }
[[ "$(wc -l <"$work/hot-requests.tsv")" == "$hot_total" ]] || die "the hot-offering load did not record $hot_total requests"
# Lines: index, completion ms, latency ms, status; blocks of BENCH_HOT_BLOCK in completion order. A block's rate is
# its requests over the time from the previous block's last completion (the start, for the first) to its own last.
# Percentiles are nearest-rank, as for pgbench below.
jq -R -s --argjson block "$hot_block" '
  def pct(p): sort | .[(length * p | floor)];
  def status_counts: group_by(.) | map({key: (.[0] | tostring), value: length}) | from_entries;
  [split("\n")[] | select(length > 0) | split("\t") | {t: (.[1] | tonumber), lat: (.[2] | tonumber), status: (.[3] | tonumber)}]
  | sort_by(.t) as $all
  | ($all | length) as $n
  | [range(0; $n; $block) as $s
     | $all[$s:$s + $block] as $b
     | (if $s == 0 then 0 else $all[$s - 1].t end) as $from
     | {block: ($s / $block + 1), requests: ($b | length), fromS: ($from / 1000 * 1000 | round / 1000),
        toS: ($b[-1].t / 1000 * 1000 | round / 1000),
        rate: (if $b[-1].t > $from then (($b | length) / (($b[-1].t - $from) / 1000) * 10 | round / 10) else null end),
        p50Ms: ([$b[].lat] | pct(0.5)), p99Ms: ([$b[].lat] | pct(0.99)),
        non2xx: ([$b[] | select(.status < 200 or .status > 299)] | length)}] as $blocks
  # A short last block (requests not a multiple of the block size) is shown but not compared: too few to rate.
  | ([$blocks[] | select(.requests == $block)] | if length > 0 then . else $blocks end) as $full
  | [$all[] | select(.status < 200 or .status > 299) | .status] as $bad
  | {requests: $n, durationS: ($all[-1].t / 1000 * 1000 | round / 1000),
     rate: ($n / ($all[-1].t / 1000) * 10 | round / 10),
     p50Ms: ([$all[].lat] | pct(0.5)), p99Ms: ([$all[].lat] | pct(0.99)), maxMs: ([$all[].lat] | max),
     non2xx: ($bad | length), non2xxByStatus: ($bad | status_counts), blockSize: $block, blocks: $blocks,
     firstBlockRate: $full[0].rate, lastBlock: $full[-1].block, lastBlockRate: $full[-1].rate,
     lastToFirst: (if ($full[0].rate // 0) > 0 then ($full[-1].rate / $full[0].rate * 1000 | round / 1000) else null end)}
' "$work/hot-requests.tsv" >"$work/hot.raw"
cost "$work/hot.before" "$work/hot" "$(jq '.requests - .non2xx' "$work/hot.raw")"
jq --slurpfile c "$work/hot.cost" '. + {perRequest: $c[0]}' "$work/hot.raw" >"$work/hot.json"
log "  $(jq -r '"\(.rate) enrolments/s overall, p50 \(.p50Ms) ms, p99 \(.p99Ms) ms, non-2xx \(.non2xx); blocks of \(.blockSize): first \(.firstBlockRate)/s, last \(.lastBlockRate)/s (last/first \(.lastToFirst))"' "$work/hot.json")"
curl -sS --fail-with-body --max-time 300 -H "X-Api-Key: $hot_key" "$base/api/offerings/$hot_id/roster" >"$work/roster.json" ||
  die "could not read the hot offering's roster"
# Seats never oversold and filled first come first served: every accepted enrolment is on the roster, exactly
# capacity of them hold a seat, the rest wait, numbered 1..extra in the order the roster lists them.
jq --argjson cap "$hot_capacity" --argjson extra "$hot_extra" --argjson bad "$(jq .non2xx "$work/hot.json")" '
  (.confirmed | length) as $c | (.waitlist | length) as $w
  | ([.waitlist[].waitlistPosition] == [range(1; $w + 1)]) as $numbered
  | {capacity: .capacity, seatsTaken: .seatsTaken, confirmed: $c, waitlisted: $w, expectedWaitlisted: $extra,
     requestsNot2xx: $bad,
     seatsTakenEqualsCapacity: (.seatsTaken == $cap), confirmedEqualsCapacity: ($c == $cap),
     waitlistEqualsExtra: ($w == $extra), waitlistNumbered1ToN: $numbered,
     confirmedStatuses: ([.confirmed[].status] | unique), waitlistStatuses: ([.waitlist[].status] | unique),
     pass: (.capacity == $cap and .seatsTaken == $cap and $c == $cap and $w == $extra and $numbered and $bad == 0)}' \
  "$work/roster.json" >"$work/hot-check.json"
log "  roster check: $(jq -c 'del(.confirmedStatuses, .waitlistStatuses)' "$work/hot-check.json")"
hot_size="$(q -c "select json_build_object('snapshotKb', round(octet_length(s.data::text) / 1024.0, 1),
  'timelineKb', (select round(octet_length(t.data::text) / 1024.0, 1) from $schema.mt_doc_offeringtimeline t where t.id = s.id))
  from $schema.mt_doc_offering s where s.id = '$hot_id'")"
[[ -n "$hot_size" ]] || hot_size=null
log "  hot offering snapshot: $hot_size"
# Cancelled afterwards, so a later run never draws this (very full) offering as a random open one.
hot_post "/api/offerings/$hot_id/cancel" '{"reason":"bench/write.sh: hot-offering run finished"}' >/dev/null ||
  log "WARNING: could not cancel the hot offering $hot_id; a later run may draw it as an open offering"

# --- 4. memory ---
peak_kb="$(awk '/^VmHWM:/ {print $2}' "/proc/$api_pid/status")"
rss_kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$api_pid/status")"
log "API peak RSS $((peak_kb / 1024)) MB (now $((rss_kb / 1024)) MB)"
stop_api

# --- 5. the ceiling: pgbench replays the captured transaction ---
remove_pgbench_rows() {
  # After an interruption pgbench's backends may still be committing: wait for them (pgbench's application_name).
  for _ in $(seq 60); do
    [[ "$(q -c "select count(*) from pg_stat_activity where datname = current_database() and application_name = 'pgbench'")" == 0 ]] && break
    sleep 0.5
  done
  q -v schema="$schema" -v mark="$pgbench_mark" -f "$here/write/remove-pgbench-rows.sql" >/dev/null || return 1
  pgbench_mark=""
}
pgbench_run() { # pgbench_run <clients> <seconds> <name> <script> <extended|prepared> [more pgbench options, e.g. -D x=1]
  rm -f "$work/$3".*
  snapshot >"$work/$3.before"
  run_child timeout $(($2 + 120)) "$pgbench" -n -M "$5" -c "$1" -j 2 -T "$2" -l --log-prefix="$work/$3" "${@:6}" \
    -f "$4" >"$work/$3.out" 2>&1 || { tail -n 20 "$work/$3.out" >&2; die "pgbench failed ($4)"; }
  local tps lat failed processed
  tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$work/$3.out")"
  lat="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$work/$3.out")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/$3.out")"
  processed="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/$3.out")"
  # Exact percentiles from the per-transaction log (3rd field: latency in microseconds).
  cat "$work/$3".[0-9]* | awk '$3 ~ /^[0-9]+$/ {print $3}' | sort -n >"$work/$3.lat"
  local n p50 p99
  n="$(wc -l <"$work/$3.lat")"
  p50="$(awk -v n="$n" 'NR == int(n * 0.50) + 1 {printf "%.3f", $1 / 1000; exit}' "$work/$3.lat")"
  p99="$(awk -v n="$n" 'NR == int(n * 0.99) + 1 {printf "%.3f", $1 / 1000; exit}' "$work/$3.lat")"
  jq -n --argjson tps "${tps:-0}" --argjson lat "${lat:-0}" --argjson failed "${failed:-0}" --argjson done "${processed:-0}" \
    --argjson p50 "${p50:-0}" --argjson p99 "${p99:-0}" \
    '{tps: $tps, transactions: $done, failed: $failed, latencyAvgMs: $lat, p50Ms: $p50, p99Ms: $p99}' >"$work/$3.raw"
  cost "$work/$3.before" "$work/$3" "${processed:-0}"
  jq --slurpfile c "$work/$3.cost" '. + {perTransaction: $c[0]}' "$work/$3.raw" >"$work/$3.json"
}
# What the clean-up restores: the snapshots' mt_version (the replay's upsert sets it) and everything after the mark.
q -c "create table bench_write.offering_versions as
      select d.id, d.mt_version from $schema.mt_doc_offering d join bench_write.open_offerings o on o.id = d.id" >/dev/null
# Rows of every table the replay writes to, compared after the clean-up.
replay_rows() {
  local t sql=""
  for t in mt_events mt_streams mt_doc_trainee mt_doc_partnertrainee mt_doc_enrolmentview mt_doc_enrolmentidempotency; do
    sql+="${sql:+ || ' '} || '$t=' || (select count(*) from $schema.$t)"
  done
  q -c "select ''$sql"
}
rows_before_replay="$(replay_rows)"
pgbench_mark="$(q -c "select coalesce(max(seq_id), 0) from $schema.mt_events")"
log "pgbench warm-up: ${warm_s}s at ${conns[0]} clients"
pgbench_run "${conns[0]}" "$warm_s" pgb-warmup "$ceiling_script" "$pgbench_mode"
for c in "${conns[@]}"; do
  log "pgbench ceiling: $c clients, ${dur_s}s"
  pgbench_run "$c" "$dur_s" "pgb-$c" "$ceiling_script" "$pgbench_mode"
  log "  $(jq -r '"\(.tps) tps, avg \(.latencyAvgMs) ms, p50 \(.p50Ms) ms, p99 \(.p99Ms) ms, failed \(.failed)"' "$work/pgb-$c.json")"
done
remove_pgbench_rows || die "could not remove the rows pgbench wrote"
rows_after_replay="$(replay_rows)"
[[ "$rows_after_replay" == "$rows_before_replay" ]] ||
  die "the clean-up left rows behind: before the replay $rows_before_replay; after the clean-up $rows_after_replay"
log "replay rows removed ($rows_after_replay)"
q -c "drop schema bench_write cascade" >/dev/null

# --- 6. the minimal-enrolment ceiling (API still stopped) ---
# The smallest durable enrolment a design could send; its own schema, set up afresh before each run so every run
# starts from the same 5,000 empty offering streams, and dropped at the end.
[[ "$schema" != ceiling ]] || die "BENCH_SCHEMA 'ceiling' is the minimal ceiling's own schema"
minimal_run() { # minimal_run <clients> <offerings> <name>
  ceiling_schema=1
  q -f "$minimal_dir/setup.sql" >/dev/null || die "the minimal ceiling's setup.sql failed"
  pgbench_run "$1" "$dur_s" "$3" "$minimal_dir/enrol.pgbench" extended -D "offerings=$2"
  log "  $(jq -r '"\(.tps) tps, avg \(.latencyAvgMs) ms, p50 \(.p50Ms) ms, p99 \(.p99Ms) ms, failed \(.failed)"' "$work/$3.json")"
}
for c in "${conns[@]}"; do
  log "minimal-enrolment ceiling: $c clients over 5000 offerings, ${dur_s}s"
  minimal_run "$c" 5000 "min-$c"
done
log "minimal-enrolment ceiling, hot: $hot_conns clients on 1 offering, ${dur_s}s"
minimal_run "$hot_conns" 1 min-hot
q -c "drop schema ceiling cascade" >/dev/null
ceiling_schema=""

# --- results ---
runs="[]"
for c in "${conns[@]}"; do
  runs="$(jq --argjson c "$c" --slurpfile api "$work/api-$c.json" --slurpfile pg "$work/pgb-$c.json" \
    --slurpfile min "$work/min-$c.json" '
    def ratio(a; b): if b > 0 then (a / b * 1000 | round / 1000) else null end;
    . + [{connections: $c, api: $api[0], minimal: $min[0], replay: $pg[0],
           ratioToMinimal: ratio($api[0].rps2xx; $min[0].tps),
           minimalTarget: (if $c == 16 then {ratio: 0.5, p99Ms: 50,
                             met: (ratio($api[0].rps2xx; $min[0].tps) >= 0.5 and $api[0].p99Ms <= 50)} else null end),
           ratioToReplay: ratio($api[0].rps2xx; $pg[0].tps), replayTarget: {ratio: 0.5, met: (ratio($api[0].rps2xx; $pg[0].tps) >= 0.5)}}]' <<<"$runs")"
done
jq -n --argjson runs "$runs" --slurpfile hot "$work/hot.json" --slurpfile check "$work/hot-check.json" \
  --slurpfile minhot "$work/min-hot.json" --argjson hotconns "$hot_conns" --argjson extra "$hot_extra" \
  --argjson peak "$peak_kb" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg machine "$(nproc) cores, $(uname -m)" \
  --arg duration "$duration" --arg warmup "$warmup" --argjson open "$open_count" --argjson cap "$hot_capacity" \
  --arg script "$(basename "$ceiling_script")" --arg mode "$pgbench_mode" --arg minimal "$minimal_dir" \
  --argjson dataset "$dataset" --argjson hotsize "$hot_size" --arg pg "$(q -c "show server_version")" '
  ($hot[0].firstBlockRate) as $first | ($minhot[0].tps) as $hotCeiling
  | {benchmark: "enrolment writes (POST /api/offerings/{id}/enrolments, new trainee, unique Idempotency-Key) vs the minimal enrolment transaction and a pgbench replay of the SQL the API sends",
   date: $date, machine: $machine, postgres: $pg, duration: $duration, warmup: $warmup, openOfferings: $open,
   openOfferingSnapshots: $dataset,
   tools: "wrk -t2 --latency (bench/enrol.lua); bench/Generator hot-enrol (hot offering); pgbench -j 2 -l: minimal ceiling -M extended (\($minimal)/enrol.pgbench), replay -M \($mode) (\($script))",
   notes: "ratioToMinimal = API 2xx req/s / minimal-enrolment pgbench tps (-D offerings=5000), ratioToReplay = API 2xx req/s / replay tps, each at the same concurrency; hot ceiling = minimal enrolment with -D offerings=1; latencies in ms (pgbench and hot-offering percentiles nearest-rank over every transaction); API and PostgreSQL on the same machine",
   runs: $runs,
   minimalTargetAt16: ([$runs[] | select(.connections == 16) | .minimalTarget][0]),
   replayTargetMet: ([$runs[] | .replayTarget.met] | all),
   hotOffering: {connections: $hotconns, capacity: $cap, extra: $extra, api: $hot[0], minimalHotCeiling: $minhot[0],
     flat: {lastToFirst: $hot[0].lastToFirst, target: 0.8, met: (($hot[0].lastToFirst // 0) >= 0.8)},
     firstBlockVsCeiling: {ratio: (if $hotCeiling > 0 then ($first / $hotCeiling * 1000 | round / 1000) else null end),
                           target: 0.5, met: ($hotCeiling > 0 and $first / $hotCeiling >= 0.5)},
     check: $check[0], afterRun: $hotsize},
   memory: {peakRssMb: ($peak / 1024 | round), targetMb: 300, met: ($peak / 1024 <= 300),
            source: "VmHWM of the API process over start-up, capture, every wrk run and the hot-offering load"}}' >"$results/writes.json"

echo
echo "Enrolment writes ($(nproc) cores; API and PostgreSQL on one machine; $duration per run)"
jq -r '.runs[] | "  \(.connections) conns: API \(.api.rps2xx) req/s (p50 \(.api.p50Ms) ms, p99 \(.api.p99Ms) ms, non-2xx \(.api.non2xx))\n      minimal ceiling \(.minimal.tps) tps (p50 \(.minimal.p50Ms) ms, p99 \(.minimal.p99Ms) ms): ratio \(.ratioToMinimal)\(if .minimalTarget then " (target >= 0.5 with p99 <= 50 ms: \(if .minimalTarget.met then "met" else "missed" end))" else "" end)\n      replay \(.replay.tps) tps (p50 \(.replay.p50Ms) ms, p99 \(.replay.p99Ms) ms): ratio \(.ratioToReplay) (target >= 0.5: \(if .replayTarget.met then "met" else "missed" end))"' "$results/writes.json"
jq -r '.hotOffering | "  hot offering (capacity \(.capacity) + \(.extra), \(.connections) conns): \(.api.rate) enrolments/s overall, p50 \(.api.p50Ms) ms, p99 \(.api.p99Ms) ms, non-2xx \(.api.non2xx)",
  "    per block of \(.api.blockSize) (completion order):",
  (.api.blocks[] | "      \(.block): \(.rate)/s, p50 \(.p50Ms) ms, p99 \(.p99Ms) ms\(if .non2xx > 0 then ", non-2xx \(.non2xx)" else "" end)"),
  "    last/first block rate \(.flat.lastToFirst) (target >= 0.8): \(if .flat.met then "met" else "missed" end)",
  "    hot minimal ceiling \(.minimalHotCeiling.tps) tps (p99 \(.minimalHotCeiling.p99Ms) ms); first block / ceiling \(.firstBlockVsCeiling.ratio) (target >= 0.5): \(if .firstBlockVsCeiling.met then "met" else "missed" end)",
  "    roster: seatsTaken \(.check.seatsTaken), confirmed \(.check.confirmed) of \(.capacity), waitlist \(.check.waitlisted) of \(.extra), numbered 1..n \(.check.waitlistNumbered1ToN): \(if .check.pass then "PASS" else "FAIL" end)",
  "    snapshot afterwards \(.afterRun.snapshotKb) KB"' "$results/writes.json"
jq -r '.memory | "  API peak RSS: \(.peakRssMb) MB (target <= 300 MB): \(if .met then "met" else "missed" end)"' "$results/writes.json"
echo "  -> $results/writes.json, $results/$(basename "$ceiling_script")"
