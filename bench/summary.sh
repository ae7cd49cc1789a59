#!/usr/bin/env bash
# One markdown table from the benchmark results (bench/results/*.json): each figure beside its ceiling or target.
# Usage: bench/summary.sh <results-dir>
set -euo pipefail
dir="${1:?usage: bench/summary.sh <results-dir>}"

echo "| benchmark | result | ceiling / baseline | ratio | target | met |"
echo "|---|---|---|---|---|---|"
if [[ -f $dir/rebuild.json ]]; then
  jq -r '"| projection rebuild, all projections (\(.dataSet.events) events, scale \(.dataSet.scale)) | \(.eventsPerSecond) events/s (\(.rebuildSeconds) s) | | \(.ratioToTarget) of target | ≥ \(.targetEventsPerSecond) events/s | \(if .met then "yes" else "no" end) |"' "$dir/rebuild.json"
fi
if [[ -f $dir/reports.json ]]; then
  jq -r '.results[] | "| report \(.report), \(.scope) | p50 \(.api.p50Ms) ms, p95 \(.api.p95Ms) ms | raw-event SQL p50 \(.baseline.p50Ms) ms, p95 \(.baseline.p95Ms) ms | speed-up ×\(.speedUp.p50) (p50), ×\(.speedUp.p95) (p95) | p95 ≤ \(.api.targetP95Ms) ms | \(if .api.pass then "yes" else "no" end)\(if .crossCheck.match then "" else " (cross-check MISMATCH)" end) |"' "$dir/reports.json"
fi
if [[ -f $dir/writes.json ]]; then
  jq -r '.runs[] | "| enrolment writes, \(.connections) connections | \(.api.rps2xx) req/s, p50 \(.api.p50Ms) ms, p99 \(.api.p99Ms) ms, non-2xx \(.api.non2xx) | pgbench replay \(.ceiling.tps | floor) tps, p99 \(.ceiling.p99Ms) ms | \(.ratio) | ≥ 0.5\(if .connections == 16 then ", p99 ≤ 50 ms" else "" end) | \(if .ratio >= 0.5 and (.connections != 16 or .api.p99Ms <= 50) then "yes" else "no" end) |"' "$dir/writes.json"
  jq -r '.hotOffering | "| hot offering, \(.connections) connections, capacity \(.capacity) | \(.api.rps2xx) req/s, p99 \(.api.p99Ms) ms; confirmed \(.check.confirmed) of \(.check.capacity), \(.check.waitlisted) waitlisted | | | confirmed = capacity | \(if .check.pass then "yes" else "no" end) |"' "$dir/writes.json"
  jq -r '.memory | "| peak RSS of the API during the write runs | \(.peakRssMb) MB | | | ≤ \(.targetMb) MB | \(if .met then "yes" else "no" end) |"' "$dir/writes.json"
fi
if [[ -f $dir/cold-start.json ]]; then
  jq -r '"| cold start to first 200, Production, ReadyToRun | median \(.medianMs) ms (runs \(.runsMs | map(tostring) | join(", "))) | | \(.ratioToTarget) of target | ≤ \(.targetMs) ms | \(if .medianMs <= .targetMs then "yes" else "no" end) |"' "$dir/cold-start.json"
fi
