# Cross-check of one report: the API's JSON ($api[0]) against the raw-event baseline's ($base[0]).
# Usage: jq -n --arg report gaps --slurpfile api api.json --slurpfile base baseline.json -f compare.jq
# Both sides go through the same view (keyed entries of the fields the baseline covers) and totals; integers must be
# equal, rates and means may differ by one unit in their last decimal (half-even vs half-away-from-zero rounding).

def pairkey(a; b): if a < b then "\(a)|\(b)" else "\(b)|\(a)" end;

# Figures added to the reports after the baselines were written (the countries reported participation names, the
# participant evaluation, the standards follow-ups name) are not in the raw-event SQL: they are left out of the
# comparison here and tested by the report builders' hand-checked unit tests instead.
def baselined_reported: if . == null then null else {participants, female, completed, passed} end;

def view:
  if $report == "gaps" then
    { cells: (.cells | map({key: "\(.region)|\(.value)",
                            value: {offerings, seats, confirmed, waitlisted, completed, passed, countriesReached, status,
                                    reported: (.reported | baselined_reported)}}) | from_entries),
      regions: (.regions | map({key: .region, value: (.membersWithoutCompletedTrainee | sort)}) | from_entries) }
  elif $report == "overlaps" then
    # pairs: the listed ones (the API lists the first `limit` in its order); totalPairs counts them all
    { totalPairs: (.totalPairs // (.pairs | length)),
      pairs: (.pairs | map({key: pairkey(.first.offeringId; .second.offeringId),
                            value: {first: .first.offeringId, similarity, basis, shared, daysApart}}) | from_entries),
      # the API lists the first `limit` pairs of providers (most overlaps first); totalProviderPairs counts them all
      totalProviderPairs: (.totalProviderPairs // (.providerPairs | length)),
      providerPairs: (.providerPairs | map({key: pairkey(.firstProviderId; .secondProviderId),
                                            value: {pairs, maxSimilarity}}) | from_entries) }
  elif $report == "standards-coverage" then
    { memberCountriesInScope,
      standards: (.standards | map({key: .standard,
                                    value: {programmes, offerings, seats, confirmed, completed, passed, meanStandardScore,
                                            scoredAssessments, regionsReached, countriesReached, coverage,
                                            reported: (.reported | baselined_reported)}})
                  | from_entries) }
  else
    # the API answers one page of lines (the first, by name); totalLines counts them all
    { totalLines: (.totalLines // (.lines | length)),
      lines: (.lines | map({key: .id, value: (del(.id, .evaluation, .standardsUsed) | .reported |= baselined_reported)})
              | from_entries) }
  end;

def totals:
  if $report == "gaps" then
    { cells: (.cells | length), offerings: ([.cells[].offerings] | add), seats: ([.cells[].seats] | add),
      confirmed: ([.cells[].confirmed] | add), waitlisted: ([.cells[].waitlisted] | add),
      completed: ([.cells[].completed] | add), passed: ([.cells[].passed] | add),
      reportedCompleted: ([.cells[].reported.completed] | add),
      statuses: (.cells | group_by(.status) | map({key: .[0].status, value: length}) | from_entries),
      membersWithoutCompletedTrainee: ([.regions[].membersWithoutCompletedTrainee | length] | add) }
  elif $report == "overlaps" then
    { totalPairs: (.totalPairs // (.pairs | length)), listedPairs: (.pairs | length),
      providerPairs: (.totalProviderPairs // (.providerPairs | length)),
      listedSimilaritySum: ([.pairs[].similarity] | add // 0 | . * 10000 | round / 10000),
      listedDaysApartSum: ([.pairs[].daysApart] | add // 0) }
  elif $report == "standards-coverage" then
    { memberCountriesInScope, programmes: ([.standards[].programmes] | add), offerings: ([.standards[].offerings] | add),
      seats: ([.standards[].seats] | add), confirmed: ([.standards[].confirmed] | add),
      completed: ([.standards[].completed] | add), passed: ([.standards[].passed] | add),
      scoredAssessments: ([.standards[].scoredAssessments] | add) }
  else
    { lines: (.totalLines // (.lines | length)), listedLines: (.lines | length), offeringsInScope: ([.lines[].offeringsScheduled] | add // 0),
      offeringsDelivered: ([.lines[].offeringsDelivered] | add // 0),
      offeringsCancelled: ([.lines[].offeringsCancelled] | add // 0), seats: ([.lines[].seats] | add // 0),
      confirmed: ([.lines[].confirmed] | add // 0), completed: ([.lines[].completed] | add // 0),
      passed: ([.lines[].passed] | add // 0), gainPairs: ([.lines[].gainPairs] | add // 0) }
  end;

def tolerance($field):
  if $field == "meanPrePostGain" or $field == "meanStandardScore" then 0.01001 else 0.00011 end;

# Differences between two JSON values as [{path, api, baseline}].
def diff($a; $b; $path):
  if ($a | type) == "object" and ($b | type) == "object" then
    [(($a | keys) + ($b | keys) | unique)[] as $k | diff($a[$k]; $b[$k]; $path + [$k])[]]
  elif ($a | type) == "array" and ($b | type) == "array" and ($a | length) == ($b | length) then
    [range(0; $a | length) as $i | diff($a[$i]; $b[$i]; $path + [$i])[]]
  elif ($a | type) == "number" and ($b | type) == "number" then
    (($a - $b) | fabs) as $d
    | if $d < 1e-9 or ((($a | floor) != $a or ($b | floor) != $b) and $d <= tolerance($path | map(strings) | last))
      then [] else [{path: ($path | map(tostring) | join(".")), api: $a, baseline: $b}] end
  elif $a == $b then []
  else [{path: ($path | map(tostring) | join(".")), api: $a, baseline: $b}]
  end;

# Overlaps: the baseline's provider pairs are compared where the API lists them, and none it left out may have more
# overlaps than the fewest it listed.
def listed($api):
  if $report == "overlaps" then
    ($api.providerPairs | [.[].pairs] | min // 0) as $fewest
    | .providerPairs as $all
    | .providerPairs |= with_entries(select(.key as $k | $api.providerPairs | has($k)))
    | .unlistedWithMoreOverlaps = ([$all | to_entries[] | select((.key as $k | $api.providerPairs | has($k) | not)
                                                               and .value.pairs > $fewest)] | length)
  elif $report == "effectiveness" then
    .lines |= with_entries(select(.key as $k | $api.lines | has($k)))
  else . end;
def listed: if $report == "overlaps" then .unlistedWithMoreOverlaps = 0 else . end;

($api[0]) as $a | ($base[0]) as $b
| ($a | view) as $va
| diff($va | listed; $b | view | listed($va); []) as $d
| { match: ($d | length == 0), asOf: $a.scope.asOf, mismatchCount: ($d | length), mismatches: $d[0:10],
    totals: { api: ($a | totals), baseline: ($b | totals) } }
