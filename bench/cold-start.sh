#!/usr/bin/env bash
# Cold start: process start to the first 200 of a real endpoint, Production settings (pre-generated Wolverine code).
# Usage (from build.sh bench): bench/cold-start.sh <connection-string> <runs>
set -euo pipefail
conn="$1"; runs="${2:-5}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/.data/bench-publish"
port=5097
key="bench-admin-key-0123456789abcdef0123456789"

# ReadyToRun: framework and dependencies precompiled, so start-up JITs little.
dotnet publish "$repo/src/TrainingHub" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$out" -nologo >&2
export ConnectionStrings__Marten="$conn" ASPNETCORE_ENVIRONMENT=Production TrainingHub__AdminApiKey="$key"
# Production refuses to serve without a personal-data key of at least 32 characters (the same default as generate.sh).
export TrainingHub__PersonalDataKey="${TrainingHub__PersonalDataKey:-bench-personal-data-key-not-a-secret-0123}"
dotnet "$out/TrainingHub.dll" db-apply >&2

times=()
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s%N)
  ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$out/TrainingHub.dll" >"$repo/TestResults/bench-cold-start.log" 2>&1 &
  pid=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $key" "http://127.0.0.1:$port/api/reference/levels" || true)" == 200 ]]; do
    kill -0 "$pid" 2>/dev/null || { echo "the API exited during start-up" >&2; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( ${#sorted[@]} / 2 ))]}
printf '{\n  "benchmark": "cold start to first 200 (GET /api/reference/levels), Production, TypeLoadMode.Static, ReadyToRun publish",\n  "machine": "%s cores, %s",\n  "date": "%s",\n  "runsMs": [%s],\n  "medianMs": %s,\n  "targetMs": 1000,\n  "ratioToTarget": %s\n}\n' \
  "$(nproc)" "$(uname -m)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(IFS=,; echo "${times[*]}")" "$median" \
  "$(awk -v m="$median" 'BEGIN { printf "%.2f", m / 1000 }')" > "$repo/bench/results/cold-start.json"
cat "$repo/bench/results/cold-start.json"
