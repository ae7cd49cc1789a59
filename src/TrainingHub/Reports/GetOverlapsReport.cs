using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Hosting;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

public sealed record OverlapSide(Guid OfferingId, Guid ProgrammeId, string ProgrammeTitle, Guid ProviderId,
    string ProviderName, DateOnly StartDate, DateOnly EndDate, string DeliveryMode, string? VenueCountry, string Language);

public sealed record OverlapPair(OverlapSide First, OverlapSide Second, double Similarity, string Basis,
    IReadOnlyList<string> Shared, int DaysApart);

public sealed record ProviderPairOverlap(Guid FirstProviderId, string FirstProviderName, Guid SecondProviderId,
    string SecondProviderName, int Pairs, double MaxSimilarity);

public sealed record OverlapsReport(ReportScope Scope, int WithinDays, double MinSimilarity, int TotalPairs, int Limit,
    IReadOnlyList<OverlapPair> Pairs, IReadOnlyList<ProviderPairOverlap> ProviderPairs);

/// <summary>
/// Pairs of offerings by different providers that share level and language, run at overlapping or close dates,
/// in the same country (or, when either has no venue, in intersecting regions), and teach similar standards
/// (Jaccard similarity; disciplines when neither programme names a standard). <c>pairs</c> lists the first
/// <c>limit</c> in order; <c>totalPairs</c> and <c>providerPairs</c> count them all.
/// </summary>
public static class OverlapsReportBuilder
{
    public const int DefaultLimit = 500;

    private readonly record struct Found(ScopedOffering First, ScopedOffering Second, double Similarity, string Basis,
        IReadOnlyList<string> Shared, int DaysApart);

    public static OverlapsReport Build(ScopedData data, int withinDays, double minSimilarity, int limit = DefaultLimit)
    {
        var found = new List<Found>();
        var buckets = data.Offerings.Where(o => o.IsSupply)
            .GroupBy(o => (o.Programme.Level, o.Offering.Language));
        foreach (var bucket in buckets)
        {
            // Sorted by start, a later offering is within reach only while it starts by the earlier one's end plus
            // withinDays: the scan stops there instead of comparing every pair.
            var offerings = bucket.OrderBy(o => o.Offering.StartDate).ToArray();
            for (var i = 0; i < offerings.Length; i++)
            {
                var a = offerings[i];
                var reach = a.Offering.EndDate.AddDays(withinDays);
                for (var j = i + 1; j < offerings.Length && offerings[j].Offering.StartDate <= reach; j++)
                {
                    var b = offerings[j];
                    if (a.ProviderId == b.ProviderId) continue;
                    var daysApart = DaysApart(a.Offering, b.Offering);
                    if (daysApart > withinDays || !SamePlace(a, b)) continue;
                    var (similarity, basis, shared) = Similarity(a.Programme, b.Programme);
                    if (similarity < minSimilarity || similarity == 0) continue;
                    var (first, second) = a.Offering.StartDate <= b.Offering.StartDate ? (a, b) : (b, a);
                    found.Add(new Found(first, second, similarity, basis, shared, daysApart));
                }
            }
        }
        var pairs = found.OrderByDescending(p => p.Similarity).ThenBy(p => p.First.Offering.StartDate)
            .ThenBy(p => p.First.OfferingId).ThenBy(p => p.Second.OfferingId)
            .Take(limit)
            .Select(p => new OverlapPair(Side(p.First, data), Side(p.Second, data), p.Similarity, p.Basis, p.Shared, p.DaysApart))
            .ToArray();
        var providerPairs = found
            .GroupBy(p => p.First.ProviderId.CompareTo(p.Second.ProviderId) < 0
                ? (p.First.ProviderId, p.Second.ProviderId) : (p.Second.ProviderId, p.First.ProviderId))
            .Select(g => new ProviderPairOverlap(g.Key.Item1, Name(data, g.Key.Item1), g.Key.Item2, Name(data, g.Key.Item2),
                g.Count(), g.Max(p => p.Similarity)))
            .OrderByDescending(p => p.Pairs).ThenByDescending(p => p.MaxSimilarity).ThenBy(p => p.FirstProviderName)
            .ThenBy(p => p.FirstProviderId).ThenBy(p => p.SecondProviderId)
            .ToArray();
        return new OverlapsReport(data.Scope, withinDays, minSimilarity, found.Count, limit, pairs, providerPairs);
    }

    /// <summary>0 when the date ranges intersect, else the days between the end of one and the start of the other.</summary>
    public static int DaysApart(OfferingVersion a, OfferingVersion b)
    {
        var gap = Math.Max(a.StartDate.DayNumber, b.StartDate.DayNumber) - Math.Min(a.EndDate.DayNumber, b.EndDate.DayNumber);
        return Math.Max(0, gap);
    }

    private static bool SamePlace(ScopedOffering a, ScopedOffering b) =>
        a.Offering.VenueCountry is { } x && b.Offering.VenueCountry is { } y ? x == y : a.Regions.Intersect(b.Regions).Any();

    public static (double Similarity, string Basis, IReadOnlyList<string> Shared) Similarity(ProgrammeVersion a, ProgrammeVersion b)
    {
        var (basis, x, y) = a.Standards.Count == 0 && b.Standards.Count == 0
            ? ("disciplines", a.Disciplines, b.Disciplines)
            : ("standards", a.Standards, b.Standards);
        var shared = x.Intersect(y).Order(StringComparer.Ordinal).ToArray();
        var union = x.Union(y).Count();
        return (union == 0 ? 0 : Math.Round((double)shared.Length / union, 4), basis, shared);
    }

    private static OverlapSide Side(ScopedOffering o, ScopedData data) => new(o.OfferingId, o.ProgrammeId,
        o.Programme.Title, o.ProviderId, Name(data, o.ProviderId), o.Offering.StartDate, o.Offering.EndDate,
        o.Offering.DeliveryMode, o.Offering.VenueCountry, o.Offering.Language);

    private static string Name(ScopedData data, Guid providerId) =>
        data.ProviderNames.TryGetValue(providerId, out var name) ? name : providerId.ToString();
}

public sealed record OverlapCsvRow(double Similarity, string Basis, string Shared, int DaysApart,
    Guid FirstOfferingId, string FirstProvider, string FirstProgramme, DateOnly FirstStart, string? FirstVenue,
    Guid SecondOfferingId, string SecondProvider, string SecondProgramme, DateOnly SecondStart, string? SecondVenue);

public static class GetOverlapsReportEndpoint
{
    [WolverineGet("/api/reports/overlaps", OperationId = "getOverlapsReport")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<OverlapsReport>(StatusCodes.Status200OK)]
    [Produces("application/json", "text/csv")]
    public static async Task<IResult> Get([FromQuery] ReportQuery query, int? withinDays, double? minSimilarity, int? limit,
        HttpRequest request, IQuerySession session, ReportFacts facts, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        var errors = new ValidationErrors()
            .When(withinDays is < 0 or > 3650, "withinDays", "Between 0 and 3650.")
            .When(minSimilarity is < 0 or > 1, "minSimilarity", "Between 0 and 1.")
            .When(limit is < 1 or > 100_000, "limit", "Between 1 and 100000.");
        if (!errors.IsEmpty) return TypedResults.Problem(Problems.Invalid(errors));

        var data = await ReportData.LoadAsync(session, facts, scope!, reference, ct);
        var report = OverlapsReportBuilder.Build(data, withinDays ?? 90, minSimilarity ?? 0.5,
            limit ?? OverlapsReportBuilder.DefaultLimit);
        return ReportOutput.Respond(request, query, report, report.Pairs.Select(p => new OverlapCsvRow(p.Similarity, p.Basis,
            ReportOutput.Join(p.Shared), p.DaysApart, p.First.OfferingId, p.First.ProviderName, p.First.ProgrammeTitle,
            p.First.StartDate, p.First.VenueCountry, p.Second.OfferingId, p.Second.ProviderName, p.Second.ProgrammeTitle,
            p.Second.StartDate, p.Second.VenueCountry)), "overlaps");
    }
}
