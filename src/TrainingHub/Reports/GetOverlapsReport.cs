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

public sealed record OverlapSide(Guid OfferingId, Guid ProgrammeId, string ProgrammeTitle, Guid ProviderId,
    string ProviderName, DateOnly StartDate, DateOnly EndDate, string DeliveryMode, string? VenueCountry, string Language);

public sealed record OverlapPair(OverlapSide First, OverlapSide Second, double Similarity, string Basis,
    IReadOnlyList<string> Shared, int DaysApart);

public sealed record ProviderPairOverlap(Guid FirstProviderId, string FirstProviderName, Guid SecondProviderId,
    string SecondProviderName, int Pairs, double MaxSimilarity);

public sealed record OverlapsReport(ReportScope Scope, Freshness Freshness, int WithinDays, double MinSimilarity, int TotalPairs, int Limit,
    IReadOnlyList<OverlapPair> Pairs, int TotalProviderPairs, IReadOnlyList<ProviderPairOverlap> ProviderPairs);

/// <summary>
/// Pairs of offerings by different providers that share level and language, run at overlapping or close dates,
/// in the same country (or, when either has no venue, in intersecting regions), and teach similar standards
/// (Jaccard similarity; disciplines when neither programme names a standard). <c>pairs</c> lists the first
/// <c>limit</c> in order and <c>totalPairs</c> counts them all; <c>providerPairs</c> groups all of them per pair of
/// providers and lists the <c>limit</c> pairs of providers with most overlaps (<c>totalProviderPairs</c> counts them).
/// </summary>
public static class OverlapsReportBuilder
{
    public const int DefaultLimit = 500;

    private readonly record struct Found(ScopedOffering First, ScopedOffering Second, double Similarity, int DaysApart);

    /// <summary>Report order: most similar first, then by the first offering's start, then by ids.</summary>
    private static readonly Comparison<Found> ReportOrder = (x, y) =>
    {
        var order = y.Similarity.CompareTo(x.Similarity);
        if (order == 0) order = x.First.Offering.StartDate.CompareTo(y.First.Offering.StartDate);
        if (order == 0) order = x.First.OfferingId.CompareTo(y.First.OfferingId);
        return order != 0 ? order : x.Second.OfferingId.CompareTo(y.Second.OfferingId);
    };

    public static OverlapsReport Build(ScopedData data, int withinDays, double minSimilarity, int limit = DefaultLimit)
    {
        var scan = new PairScan(withinDays, minSimilarity, limit);
        var buckets = data.Offerings.Where(o => o.IsSupply).GroupBy(o => (o.Programme.Version.Level, o.Offering.Language));
        foreach (var bucket in buckets)
        {
            // Candidates only pair within a channel: offerings at the same venue country, or, in each region, an
            // offering without a venue with any offering counting in that region. Within a channel, sorted by start,
            // a later offering is within reach only while it starts by the earlier one's end plus withinDays.
            var sorted = bucket.OrderBy(o => o.Offering.StartDate).ThenBy(o => o.OfferingId)
                .Select((o, order) => new Candidate(o, order)).ToArray();
            foreach (var atVenue in sorted.Where(c => c.HasVenue).GroupBy(c => c.Offering.Offering.VenueCountry))
            {
                var channel = atVenue.ToArray();
                for (var i = 0; i < channel.Length; i++) scan.Forward(channel[i], channel, i + 1, region: -1);
            }
            var regionsPresent = sorted.Aggregate(0UL, (mask, c) => mask | c.Regions);
            for (var regions = regionsPresent; regions != 0; regions &= regions - 1)
            {
                var region = BitOperations.TrailingZeroCount(regions);
                var inRegion = sorted.Where(c => (c.Regions & (1UL << region)) != 0).ToArray();
                var withoutVenue = inRegion.Where(c => !c.HasVenue).ToArray();
                for (var i = 0; i < inRegion.Length; i++)
                {
                    ref readonly var a = ref inRegion[i];
                    // Without a venue, a pairs with every later offering here; at a venue, only with later ones without.
                    if (!a.HasVenue) scan.Forward(a, inRegion, i + 1, region);
                    else scan.Forward(a, withoutVenue, PairScan.FirstAfter(withoutVenue, a.Order), region);
                }
            }
        }

        var (totalPairs, best, providerPairs) = (scan.TotalPairs, scan.Best, scan.ProviderPairs);
        var top = new List<Found>(best.Count);
        while (best.Count > 0) top.Add(best.Dequeue());
        top.Sort(ReportOrder);
        var listed = top.Select(p =>
        {
            var (_, basis, shared) = Similarity(p.First.Programme.Version, p.Second.Programme.Version);
            return new OverlapPair(Side(p.First, data), Side(p.Second, data), p.Similarity, basis, shared, p.DaysApart);
        }).ToArray();
        var byProvider = providerPairs
            .Select(g => new ProviderPairOverlap(g.Key.Item1, Name(data, g.Key.Item1), g.Key.Item2, Name(data, g.Key.Item2),
                g.Value.Pairs, g.Value.MaxSimilarity))
            .OrderByDescending(p => p.Pairs).ThenByDescending(p => p.MaxSimilarity).ThenBy(p => p.FirstProviderName)
            .ThenBy(p => p.FirstProviderId).ThenBy(p => p.SecondProviderId)
            .Take(limit)
            .ToArray();
        return new OverlapsReport(data.Scope, data.Freshness, withinDays, minSimilarity, totalPairs, limit, listed, providerPairs.Count,
            byProvider);
    }

    /// <summary>0 when the date ranges intersect, else the days between the end of one and the start of the other.</summary>
    public static int DaysApart(OfferingVersion a, OfferingVersion b) => DaysApart(
        a.StartDate.DayNumber, a.EndDate.DayNumber, b.StartDate.DayNumber, b.EndDate.DayNumber);

    private static int DaysApart(int startA, int endA, int startB, int endB) =>
        Math.Max(0, Math.Max(startA, startB) - Math.Min(endA, endB));

    /// <summary>What the pair scan tests, copied out of an offering; days as day numbers.</summary>
    private readonly struct Candidate(ScopedOffering offering, int order)
    {
        /// <summary>Position by (start date, offering id): the earlier of a pair is its first.</summary>
        public readonly int Order = order;
        public readonly int Start = offering.Offering.StartDate.DayNumber;
        public readonly int End = offering.Offering.EndDate.DayNumber;
        public readonly bool HasVenue = offering.Offering.VenueCountry is not null;
        public readonly ulong Regions = offering.Regions;
        public readonly ulong Standards = offering.Programme.Standards;
        public readonly ulong Disciplines = offering.Programme.Disciplines;
        public readonly bool FullyCoded = offering.Programme.FullyCoded;
        public readonly Guid Provider = offering.ProviderId;
        public readonly ScopedOffering Offering = offering;
    }

    /// <summary>Tests candidate pairs and keeps the totals, the provider pairs and the best <c>limit</c> pairs.</summary>
    private sealed class PairScan(int withinDays, double minSimilarity, int limit)
    {
        public int TotalPairs { get; private set; }
        // Worst on top, so a better pair replaces it.
        public PriorityQueue<Found, Found> Best { get; } = new(limit + 1, Comparer<Found>.Create((x, y) => ReportOrder(y, x)));
        public Dictionary<(Guid, Guid), (int Pairs, double MaxSimilarity)> ProviderPairs { get; } = [];

        public static int FirstAfter(Candidate[] channel, int order)
        {
            int low = 0, high = channel.Length;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (channel[middle].Order <= order) low = middle + 1;
                else high = middle;
            }
            return low;
        }

        /// <summary>
        /// Pairs <paramref name="a"/> with the offerings of <paramref name="channel"/> from <paramref name="from"/> on
        /// (all after a) that start within reach. A venue country's channel (<paramref name="region"/> -1) is all one
        /// place; in a region's channel a pair counts only in the lowest region the two share, so it is found once.
        /// </summary>
        public void Forward(in Candidate a, Candidate[] channel, int from, int region)
        {
            var reach = a.End + withinDays;
            for (var j = from; j < channel.Length && channel[j].Start <= reach; j++)
            {
                ref readonly var b = ref channel[j];
                if (a.Provider == b.Provider) continue;
                if (region >= 0 && BitOperations.TrailingZeroCount(a.Regions & b.Regions) != region) continue;
                var daysApart = DaysApart(a.Start, a.End, b.Start, b.End);
                if (daysApart > withinDays) continue;
                var similarity = SimilarityOf(a, b);
                if (similarity < minSimilarity || similarity == 0) continue;
                Record(new Found(a.Offering, b.Offering, similarity, daysApart));
            }
        }

        private void Record(in Found found)
        {
            TotalPairs++;
            var (x, y) = (found.First.ProviderId, found.Second.ProviderId);
            var key = x.CompareTo(y) < 0 ? (x, y) : (y, x);
            var (pairs, max) = ProviderPairs.GetValueOrDefault(key);
            ProviderPairs[key] = (pairs + 1, Math.Max(max, found.Similarity));
            if (Best.Count < limit) Best.Enqueue(found, found);
            else if (ReportOrder(found, Best.Peek()) < 0) Best.DequeueEnqueue(found, found);
        }
    }

    /// <summary><see cref="Similarity"/> on the code masks, without allocating; the lists only for listed pairs.</summary>
    private static double SimilarityOf(in Candidate a, in Candidate b)
    {
        if (!a.FullyCoded || !b.FullyCoded) return Similarity(a.Offering.Programme.Version, b.Offering.Programme.Version).Similarity;
        var (x, y) = a.Standards == 0 && b.Standards == 0 ? (a.Disciplines, b.Disciplines) : (a.Standards, b.Standards);
        var union = BitOperations.PopCount(x | y);
        return union == 0 ? 0 : Math.Round((double)BitOperations.PopCount(x & y) / union, 4, MidpointRounding.AwayFromZero);
    }

    public static (double Similarity, string Basis, IReadOnlyList<string> Shared) Similarity(ProgrammeVersion a, ProgrammeVersion b)
    {
        var (basis, x, y) = a.Standards.Count == 0 && b.Standards.Count == 0
            ? ("disciplines", a.Disciplines, b.Disciplines)
            : ("standards", a.Standards, b.Standards);
        var shared = x.Intersect(y).Order(StringComparer.Ordinal).ToArray();
        var union = x.Union(y).Count();
        return (union == 0 ? 0 : Math.Round((double)shared.Length / union, 4, MidpointRounding.AwayFromZero), basis, shared);
    }

    private static OverlapSide Side(ScopedOffering o, ScopedData data) => new(o.OfferingId, o.ProgrammeId,
        o.Programme.Version.Title, o.ProviderId, Name(data, o.ProviderId), o.Offering.StartDate, o.Offering.EndDate,
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
            .CheckFraction("minSimilarity", minSimilarity)
            .When(limit is < 1 or > 100_000, "limit", "Between 1 and 100000.");
        if (!errors.IsEmpty) return TypedResults.Problem(Problems.Invalid(errors));

        var data = await ReportData.LoadAsync(session, facts, scope!, query.MinPosition, reference, withProviderNames: true, ct);
        var report = OverlapsReportBuilder.Build(data, withinDays ?? 90, minSimilarity ?? 0.5,
            limit ?? OverlapsReportBuilder.DefaultLimit);
        return ReportOutput.Respond(request, query, report, report.Freshness, report.Pairs.Select(p => new OverlapCsvRow(p.Similarity, p.Basis,
            ReportOutput.Join(p.Shared), p.DaysApart, p.First.OfferingId, p.First.ProviderName, p.First.ProgrammeTitle,
            p.First.StartDate, p.First.VenueCountry, p.Second.OfferingId, p.Second.ProviderName, p.Second.ProgrammeTitle,
            p.Second.StartDate, p.Second.VenueCountry)), "overlaps");
    }
}
