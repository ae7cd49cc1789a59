using System.Numerics;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

/// <summary>One group in one currency (amounts in different currencies are never added together).</summary>
public sealed record FundingRow(string Key, string Name, string Currency, int OfferingsFunded, decimal Grant,
    decimal InKind, decimal OwnBudget, decimal Funding, int Funders, int OfferingsCosted, decimal TotalCost,
    int CompletedTrainees, decimal? CostPerCompletedTrainee);

public sealed record FundingReport(ReportScope Scope, Freshness Freshness, string By, int Offerings,
    int OfferingsWithFunding, int OfferingsWithCost, IReadOnlyList<FundingRow> Rows);

/// <summary>
/// Over the supply offerings in scope, as last recorded by asOf: per funder, venue country, region or standard and per
/// currency, the funding (by kind), the funders, and the total cost of the offerings costed in that currency with their
/// completed trainees (tracked and reported) and the cost per completed trainee. An offering counts in every region it
/// counts in and under every standard its programme names; a funder's cost figures are those of the offerings it funds.
/// </summary>
public static class FundingReportBuilder
{
    public static readonly IReadOnlyList<string> Groupings = ["funder", "country", "region", "standard"];
    public const string NoVenue = "none";

    private sealed class Tally
    {
        public readonly HashSet<Guid> Funded = [], Costed = [], FundedBy = [];
        public decimal Grant, InKind, OwnBudget, TotalCost;
        public int Completed;
    }

    public static FundingReport Build(ScopedData data, ReferenceData reference, string by)
    {
        var tallies = new Dictionary<(string Key, string Currency), Tally>();
        Tally At(string key, string currency)
        {
            if (!tallies.TryGetValue((key, currency), out var tally)) tallies[(key, currency)] = tally = new Tally();
            return tally;
        }
        int offerings = 0, withFunding = 0, withCost = 0;
        foreach (var offering in data.Offerings)
        {
            if (!offering.IsSupply) continue;
            offerings++;
            var funding = offering.Offering.Funding;
            if (funding is null) continue;
            if (funding.Funding.Count > 0) withFunding++;
            if (funding.TotalCost is not null) withCost++;
            var completed = offering.Counts.Completed + (offering.Counts.Reported?.Completed ?? 0);
            var keys = by == "funder" ? [] : KeysOf(offering, reference, by);
            foreach (var line in funding.Funding)
                foreach (var key in by == "funder" ? [line.FunderId.ToString()] : keys)
                {
                    var tally = At(key, line.Currency);
                    tally.Funded.Add(offering.OfferingId);
                    tally.FundedBy.Add(line.FunderId);
                    switch (line.Kind)
                    {
                        case "grant": tally.Grant += line.Amount; break;
                        case "in-kind": tally.InKind += line.Amount; break;
                        default: tally.OwnBudget += line.Amount; break;
                    }
                }
            if (funding.TotalCost is not { } cost) continue;
            var costKeys = by == "funder" ? funding.Funding.Select(l => l.FunderId.ToString()).Distinct() : keys;
            foreach (var key in costKeys)
            {
                var tally = At(key, cost.Currency);
                if (!tally.Costed.Add(offering.OfferingId)) continue;
                tally.TotalCost += cost.Amount;
                tally.Completed += completed;
            }
        }

        var rows = tallies.Select(t =>
        {
            var ((key, currency), tally) = (t.Key, t.Value);
            return new FundingRow(key, NameOf(key, by, data, reference), currency, tally.Funded.Count, tally.Grant,
                tally.InKind, tally.OwnBudget, tally.Grant + tally.InKind + tally.OwnBudget, tally.FundedBy.Count,
                tally.Costed.Count, tally.TotalCost, tally.Completed,
                tally.Completed == 0 ? null : Math.Round(tally.TotalCost / tally.Completed, 2, MidpointRounding.AwayFromZero));
        }).OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ThenBy(r => r.Currency, StringComparer.Ordinal).ToArray();
        return new FundingReport(data.Scope, data.Freshness, by, offerings, withFunding, withCost, rows);
    }

    private static IReadOnlyList<string> KeysOf(ScopedOffering offering, ReferenceData reference, string by) => by switch
    {
        "country" => [offering.Offering.VenueCountry ?? NoVenue],
        "region" => reference.Ordinals.Regions.SortedCodesOf(offering.Regions),
        _ => offering.Programme.Version.Standards,
    };

    private static string NameOf(string key, string by, ScopedData data, ReferenceData reference) => by switch
    {
        "funder" => Guid.TryParse(key, out var id) && data.ProviderNames.TryGetValue(id, out var name) ? name : key,
        "country" => reference.CountriesByCode.TryGetValue(key, out var country) ? country.Name : "No venue (online, self-paced)",
        _ => key,
    };
}

public sealed record FundingCsvRow(string Key, string Name, string Currency, int OfferingsFunded, decimal Grant,
    decimal InKind, decimal OwnBudget, decimal Funding, int Funders, int OfferingsCosted, decimal TotalCost,
    int CompletedTrainees, decimal? CostPerCompletedTrainee);

public static class GetFundingReportEndpoint
{
    [WolverineGet("/api/reports/funding", OperationId = "getFundingReport")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<FundingReport>(StatusCodes.Status200OK)]
    [Produces("application/json", "text/csv")]
    public static async Task<IResult> Get([FromQuery] ReportQuery query, string? by, HttpRequest request,
        IQuerySession session, ReportFacts facts, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        if (by is not null && !FundingReportBuilder.Groupings.Contains(by))
            return TypedResults.Problem(Problems.Invalid(new ValidationErrors().Add("by", "funder, country, region or standard.")));

        var data = await ReportData.LoadAsync(session, facts, scope!, query.MinPosition, reference, withProviderNames: true, ct);
        var report = FundingReportBuilder.Build(data, reference, by ?? "funder");
        return ReportOutput.Respond(request, query, report, report.Freshness, report.Rows.Select(r => new FundingCsvRow(r.Key,
            r.Name, r.Currency, r.OfferingsFunded, r.Grant, r.InKind, r.OwnBudget, r.Funding, r.Funders, r.OfferingsCosted,
            r.TotalCost, r.CompletedTrainees, r.CostPerCompletedTrainee)), "funding");
    }
}
