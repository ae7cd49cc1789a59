#!/bin/bash
# API latencies only (no raw-event baseline, which takes minutes per run at full scale) of the four reports, current
# and asOf a year back, against an already generated and projected database. Usage: bench/reports-latency.sh <api-dll> <conn>
set -euo pipefail
api="${1:?api dll}"
conn="${2:?connection string}"
export ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Marten="$conn" TrainingHub__AdminApiKey=bench-admin-key-0123456789abcdef0123456789 \
  TrainingHub__RateLimit__PermitsPerSecond=1000000 TrainingHub__RateLimit__Burst=1000000 \
  ASPNETCORE_URLS=http://127.0.0.1:5097 Logging__LogLevel__Default=Warning
dotnet $api db-apply >/dev/null 2>&1
dotnet $api >/dev/null 2>&1 & pid=$!
trap 'kill $pid 2>/dev/null' EXIT
until [[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:5097/health/ready)" == 200 ]]; do sleep 1; done
export BENCH_KEY=bench-analyst-key-0000000000000000 BENCH_PACE_MS=0
asof=$(date -u -d '-365 days' +%Y-%m-%dT%H:%M:%SZ)
curl -s -H "X-Api-Key: $BENCH_KEY" http://127.0.0.1:5097/api/reports/status | head -c 600; echo
for r in gaps overlaps standards-coverage effectiveness; do
  for q in "" "?asOf=$asof"; do
    url="http://127.0.0.1:5097/api/reports/$r$q"
    wrk -t1 -c1 -d10s --timeout 60s -s "$(dirname "$0")/reports/latency.lua" "$url" >/dev/null
    res=$(wrk -t1 -c1 -d15s --timeout 60s -s "$(dirname "$0")/reports/latency.lua" "$url" | grep RESULT)
    echo "$r ${q:+asOf} $res"
  done
done
curl -s -H "X-Api-Key: $BENCH_KEY" "http://127.0.0.1:5097/api/reports/overlaps" | jq -c '{totalPairs, n: (.pairs|length)}'
curl -s -H "X-Api-Key: $BENCH_KEY" "http://127.0.0.1:5097/api/reports/gaps" | jq -c '[.cells[].offerings] | add'
grep VmHWM /proc/$pid/status
