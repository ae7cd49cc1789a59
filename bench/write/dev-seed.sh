#!/usr/bin/env bash
# Small data set for developing bench/write.sh before the full-scale generator exists: one provider, one partner,
# open offerings plus a few that must NOT be picked (cancelled, past, retired programme). Everything goes through the
# admin/provider API, so it obeys the same rules as real data.
# Usage: bench/write/dev-seed.sh <base-url> <admin-key> [programmes] [offerings-per-programme]
# Prints the partner key (the API issues th_... keys; pass it to write.sh as BENCH_PARTNER_KEY).
set -euo pipefail
base="$1"; admin="$2"; programmes="${3:-10}"; per="${4:-10}"
run="$(date +%s%N)"

post() { # post <key> <path> <json> -> body; fails on a non-2xx answer
  curl -sS --fail-with-body --max-time 10 -H "X-Api-Key: $1" -H 'Content-Type: application/json' "$base$2" -d "$3"
}

provider=$(post "$admin" /api/organisations "{\"name\":\"Bench dev provider $run\",\"kind\":\"national\"}" | jq -r .id)
pkey=$(post "$admin" "/api/organisations/$provider/api-keys" '{"role":"provider"}' | jq -r .key)
partner=$(post "$admin" /api/organisations "{\"name\":\"Bench dev partner $run\",\"kind\":\"ngo\"}" | jq -r .id)
partner_key=$(post "$admin" "/api/organisations/$partner/api-keys" '{"role":"partner"}' | jq -r .key)

programme() {
  post "$pkey" /api/programmes "{\"title\":\"Bench dev programme $run $1\",\"level\":\"intermediate\",
    \"disciplines\":[\"demography\"],\"standards\":[\"EGMS-CF-2021\"],\"deliveryModes\":[\"in-person\",\"online\"],
    \"languages\":[\"en\"],\"regions\":[\"ECE\"],\"countries\":[\"KAZ\"],\"durationHours\":24}" | jq -r .id
}
offering() { # offering <programme> <start> <capacity> -> id
  post "$pkey" "/api/programmes/$1/offerings" "{\"startDate\":\"$2\",\"endDate\":\"$2\",\"deliveryMode\":\"online\",
    \"language\":\"en\",\"capacity\":$3}" | jq -r .id
}

for ((p = 1; p <= programmes; p++)); do
  prog=$(programme "$p")
  for ((o = 1; o <= per; o++)); do offering "$prog" "$(date -u -d "+$((30 + o)) days" +%F)" 500 >/dev/null; done
  # Not open: one in the past, one cancelled.
  offering "$prog" 2020-01-10 30 >/dev/null
  gone=$(offering "$prog" "$(date -u -d '+90 days' +%F)" 30)
  post "$pkey" "/api/offerings/$gone/cancel" '{"reason":"bench: not open"}' >/dev/null
done
# A retired programme's future offering is not open either.
retired=$(programme retired)
offering "$retired" "$(date -u -d '+60 days' +%F)" 30 >/dev/null
post "$pkey" "/api/programmes/$retired/retire" '{"reason":"bench: not open"}' >/dev/null
echo "$partner_key"
