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
  jq -r 'select(.memory) | .memory | "| peak RSS of the API that served the reports | \(.peakRssMb) MB (\(.rssMbAfter) MB after) | | | ≤ \(.targetMb) MB | \(if .met then "yes" else "no" end) |"' "$dir/reports.json"
fi
if [[ -f $dir/writes.json ]] && ! jq -e '.runs[0].minimal' "$dir/writes.json" >/dev/null; then
  echo "| enrolment writes | writes.json is from an older bench/write.sh (no minimal-enrolment ceiling): run it again | | | | |"
elif [[ -f $dir/writes.json ]]; then
  jq -r 'def yn(x): if x then "yes" else "no" end;
    (.runs[] | "| enrolment writes, \(.connections) connections, vs minimal enrolment | \(.api.rps2xx) req/s, p50 \(.api.p50Ms) ms, p99 \(.api.p99Ms) ms, non-2xx \(.api.non2xx) | minimal enrolment (pgbench, 5000 offerings) \(.minimal.tps | floor) tps, p99 \(.minimal.p99Ms) ms | \(.ratioToMinimal) | \(if .minimalTarget then "≥ \(.minimalTarget.ratio), p99 ≤ \(.minimalTarget.p99Ms) ms" else "(none)" end) | \(if .minimalTarget then yn(.minimalTarget.met) else "" end) |"),
    (.runs[] | "| enrolment writes, \(.connections) connections, vs replay | \(.api.rps2xx) req/s | pgbench replay of the API SQL \(.replay.tps | floor) tps, p99 \(.replay.p99Ms) ms | \(.ratioToReplay) | ≥ \(.replayTarget.ratio) | \(yn(.replayTarget.met)) |"),
    (.hotOffering | (.api.blocks[0]) as $b1
      | "| hot offering, \(.connections) connections, first block of \(.api.blockSize) | \(.api.firstBlockRate) enrolments/s, p50 \($b1.p50Ms) ms, p99 \($b1.p99Ms) ms | minimal enrolment, 1 offering, \(.connections) clients: \(.minimalHotCeiling.tps | floor) tps, p99 \(.minimalHotCeiling.p99Ms) ms | \(.firstBlockVsCeiling.ratio) | ≥ \(.firstBlockVsCeiling.target) | \(yn(.firstBlockVsCeiling.met)) |",
        "| hot offering, last block vs first (capacity \(.capacity) + \(.extra) waitlisted, \(.api.requests) requests) | last block (\(.api.lastBlock)) \(.api.lastBlockRate) enrolments/s, p99 \(.api.blocks[.api.lastBlock - 1].p99Ms) ms; overall \(.api.rate)/s, p99 \(.api.p99Ms) ms, non-2xx \(.api.non2xx) | first block \(.api.firstBlockRate)/s | \(.flat.lastToFirst) | ≥ \(.flat.target) | \(yn(.flat.met)) |",
        "| hot offering roster | seatsTaken \(.check.seatsTaken), confirmed \(.check.confirmed), waitlist \(.check.waitlisted) numbered 1..n: \(.check.waitlistNumbered1ToN); snapshot \(.afterRun.snapshotKb) KB | | | seatsTaken = confirmed = \(.capacity), waitlist = \(.extra) numbered 1..\(.extra), non-2xx 0 | \(yn(.check.pass)) |"),
    (.memory | "| peak RSS of the API during the write runs | \(.peakRssMb) MB | | | ≤ \(.targetMb) MB | \(yn(.met)) |")' "$dir/writes.json"
fi
if [[ -f $dir/cold-start.json ]]; then
  jq -r '"| cold start to first 200, Production, ReadyToRun | median \(.medianMs) ms (runs \(.runsMs | map(tostring) | join(", "))) | | \(.ratioToTarget) of target | ≤ \(.targetMs) ms | \(if .medianMs <= .targetMs then "yes" else "no" end) |"' "$dir/cold-start.json"
fi
if [[ -f $dir/writes.json ]] && jq -e '.hotOffering.api.blocks' "$dir/writes.json" >/dev/null; then
  echo
  jq -r '.hotOffering | "Hot offering, per block of \(.api.blockSize) requests in completion order (capacity \(.capacity), then \(.extra) onto the waitlist):", "",
    "| block | requests | completed by (s) | enrolments/s | p50 ms | p99 ms | non-2xx |", "|---|---|---|---|---|---|---|",
    (.api.blocks[] | "| \(.block) | \(.requests) | \(.toS) | \(.rate) | \(.p50Ms) | \(.p99Ms) | \(.non2xx) |")' "$dir/writes.json"
fi
