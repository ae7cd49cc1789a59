#!/usr/bin/env bash
# Full-scale data set and projection rebuild benchmark.
# Applies the schema to an EMPTY database, fills it with bench/Generator (events only, through Marten's COPY bulk
# append), then times `TrainingHub projections rebuild` over the whole event store and writes bench/results/rebuild.json.
# Finally checks that every read model holds as many rows as the generator says it must.
#
# Usage: bench/generate.sh <connection-string> [scale] [seed]
#   connection string: Npgsql style, e.g. "Host=127.0.0.1;Port=55432;Database=traininghub;Username=traininghub;Password=..."
#   scale: 1.0 = 10,000 programmes, 50,000 offerings, 1,000,000 enrolments (about 6 million events); 0.01 for a quick run
# Environment: BUILD_LOCK=<file> serialises the dotnet builds with flock (when several people build one checkout);
#   TrainingHub__SchemaName if the schema is not "traininghub";
#   TrainingHub__PersonalDataKey (default bench-personal-data-key-not-a-secret-0123, as every bench script): the key the
#   generated e-mail hashes are made with; the API that serves the data set must be started with the same key;
#   REBUILD_SHARD_TIMEOUT (06:00:00): the rebuild gives up on a projection after this long. JasperFx's default is
#   5 minutes, which a full-scale rebuild on a small machine exceeds.
#   REBUILD_COMMAND_TIMEOUT (600): seconds per database command during the rebuild (Npgsql's default is 30).
set -euo pipefail
conn="${1:?usage: bench/generate.sh <connection-string> [scale] [seed]}"
scale="${2:-1.0}"
seed="${3:-20261123}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/.data/bench-generate"
schema="${TrainingHub__SchemaName:-traininghub}"
target=20000

locked() { if [[ -n "${BUILD_LOCK:-}" ]]; then flock "$BUILD_LOCK" "$@"; else "$@"; fi; }

# psql takes libpq settings: translate the Npgsql connection string into PG* variables.
while IFS='=' read -r key value; do
  case "${key,,}" in
    host | server) export PGHOST="$value" ;;
    port) export PGPORT="$value" ;;
    database) export PGDATABASE="$value" ;;
    username | "user id" | userid | user) export PGUSER="$value" ;;
    password) export PGPASSWORD="$value" ;;
  esac
done < <(tr ';' '\n' <<<"$conn" | sed 's/^ *//; s/ *= */=/')
sql() { psql -X -At -v ON_ERROR_STOP=1 -c "$1"; }

echo "== build (Release)" >&2
locked dotnet publish "$repo/src/TrainingHub" -c Release -o "$out/api" -nologo -v quiet >&2
locked dotnet build "$repo/bench/Generator" -c Release -o "$out/generator" -nologo -v quiet >&2

export ConnectionStrings__Marten="$conn" ASPNETCORE_ENVIRONMENT=Production
# Production refuses to serve without an admin key; the CLI tasks below never serve, but the setting keeps the
# configuration identical to a real node.
export TrainingHub__AdminApiKey="${TrainingHub__AdminApiKey:-bench-generate-admin-key-0123456789abcdef}"

# The generator hashes the people's e-mails under this key; an API serving the data set must use the same one.
export TrainingHub__PersonalDataKey="${TrainingHub__PersonalDataKey:-bench-personal-data-key-not-a-secret-0123}"

echo "== schema" >&2
dotnet "$out/api/TrainingHub.dll" db-apply >"$out/db-apply.log" 2>&1 || { cat "$out/db-apply.log" >&2; exit 1; }

echo "== generate (scale $scale, seed $seed)" >&2
summary="$out/summary.json"
gen_start=$(date +%s%N)
dotnet "$out/generator/TrainingHub.Bench.Generator.dll" --scale "$scale" --seed "$seed" --summary "$summary"
gen_ms=$(( ($(date +%s%N) - gen_start) / 1000000 ))

events=$(sql "SELECT count(*) FROM $schema.mt_events")
streams=$(sql "SELECT count(*) FROM $schema.mt_streams")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== projections rebuild over $events events" >&2
rebuild_start=$(date +%s%N)
# Thirteen projections rebuild at once on two cores: the event loader's query for a projection of rare event types
# scans millions of events and can outlast Npgsql's default 30 s command timeout (it did at 6.5 million events). A
# rebuild is a maintenance run, so it gets REBUILD_COMMAND_TIMEOUT seconds (600) per command.
ConnectionStrings__Marten="$conn;Command Timeout=${REBUILD_COMMAND_TIMEOUT:-600}" \
  dotnet "$out/api/TrainingHub.dll" projections rebuild --shard-timeout "${REBUILD_SHARD_TIMEOUT:-06:00:00}" >"$out/rebuild.log" 2>&1 || { tail -40 "$out/rebuild.log" >&2; exit 1; }
rebuild_ms=$(( ($(date +%s%N) - rebuild_start) / 1000000 ))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# What Marten itself reports, without process start-up (also per projection in the log).
marten_ms=$(grep -o 'Finished rebuild in [0-9]* ms' "$out/rebuild.log" | grep -o '[0-9]*' | tail -1 || true)

echo "== read models" >&2
checks="[]"
failed=0
while IFS=$'\t' read -r table expected; do
  actual=$(sql "SELECT count(*) FROM $schema.$table")
  ok=$([[ "$actual" == "$expected" ]] && echo true || echo false)
  [[ "$ok" == true ]] || failed=1
  printf '  %-26s %12s rows (expected %s)%s\n' "$table" "$actual" "$expected" "$([[ $ok == true ]] || echo '  MISMATCH')" >&2
  checks=$(jq -c --arg t "$table" --argjson e "$expected" --argjson a "$actual" '. + [{table: $t, expected: $e, actual: $a}]' <<<"$checks")
done < <(jq -r '.expectedRows | to_entries[] | "\(.key)\t\(.value)"' "$summary")
# Information only: its shape belongs to the report design, not to this benchmark.
timelines=$(sql "SELECT count(*) FROM $schema.mt_doc_offeringtimeline" 2>/dev/null || echo null)
printf '  %-26s %12s rows (one per offering in the current design; not checked)\n' mt_doc_offeringtimeline "$timelines" >&2

mkdir -p "$repo/bench/results"
jq -n \
  --arg machine "$(nproc) cores, $(uname -m), load average $load_before before the rebuild, $load_after after" \
  --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --argjson scale "$scale" --argjson seed "$seed" \
  --argjson events "$events" --argjson streams "$streams" \
  --argjson genMs "$gen_ms" --argjson rebuildMs "$rebuild_ms" --argjson martenMs "${marten_ms:-null}" \
  --argjson target "$target" --argjson checks "$checks" --argjson timelines "$timelines" \
  --slurpfile summary "$summary" \
  '{
    benchmark: "projections rebuild (`TrainingHub projections rebuild`, every inline and async projection) over a generated data set, Production settings, Release build",
    machine: $machine, date: $date,
    dataSet: { generator: "bench/Generator", scale: $scale, seed: $seed, events: $events, streams: $streams,
               generationSeconds: ($genMs / 1000), eventsByType: $summary[0].eventsByType },
    rebuildSeconds: ($rebuildMs / 1000),
    martenReportedRebuildSeconds: (if $martenMs == null then null else $martenMs / 1000 end),
    eventsPerSecond: (($events / ($rebuildMs / 1000)) | floor),
    targetEventsPerSecond: $target,
    ratioToTarget: ((($events / ($rebuildMs / 1000)) / $target * 100 | round) / 100),
    met: (($events / ($rebuildMs / 1000)) >= $target),
    readModels: $checks,
    offeringTimelines: $timelines
  }' >"$repo/bench/results/rebuild.json"
cat "$repo/bench/results/rebuild.json"
[[ $failed == 0 ]] || { echo "read model row counts do not match the generated data" >&2; exit 1; }
