using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
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
/// <summary>
/// An offering as the overlap scan compares it, computed once per <see cref="ScopedOffering"/> (current ones are kept
/// from request to request): days as day numbers, codes as ordinals and masks, so the scan reads one object per offering.
/// </summary>
public readonly struct OverlapFacts
{
    public readonly Guid Id, Provider;
    public readonly int Start, End;
    /// <summary>Level and language as one number; -1 when the reference data lacks either code.</summary>
    public readonly int Bucket;
    /// <summary>The venue country's ordinal; -1 without a venue, -2 for a country the reference data lacks.</summary>
    public readonly int Venue;
    public readonly ulong Regions;
    /// <summary>
    /// What similarity is measured on: the standards, or, for a programme naming none, its disciplines. A programme
    /// with a code the reference data lacks has every bit set, so it meets every other in the scan and its similarity
    /// is measured on the codes themselves.
    /// </summary>
    public readonly ulong Standards, Disciplines;
    public readonly bool FullyCoded;
    /// <summary>Who organises it with its provider; null for most programmes, organised by their provider alone.</summary>
    public readonly Guid[]? CoOrganisers;

    public OverlapFacts(Guid id, Guid provider, OfferingVersion offering, ScopedProgramme programme, ulong regions,
        CodeOrdinals codes)
    {
        (Id, Provider, Regions, FullyCoded) = (id, provider, regions, programme.FullyCoded);
        (Start, End) = (offering.StartDate.DayNumber, offering.EndDate.DayNumber);
        var language = codes.Languages.OrdinalOf(offering.Language);
        Bucket = programme.Level >= 0 && language >= 0 ? programme.Level * codes.Languages.Count + language : -1;
        Venue = offering.VenueCountry is not { } country ? -1 : codes.Countries.OrdinalOf(country) is var c and >= 0 ? c : -2;
        (Standards, Disciplines) = !FullyCoded ? (ulong.MaxValue, ulong.MaxValue)
            : programme.Standards != 0 ? (programme.Standards, 0UL) : (0UL, programme.Disciplines);
        CoOrganisers = programme.Version.CoOrganisers is { Count: > 0 } partners ? [.. partners] : null;
    }

    public bool HasVenue => Venue != -1;

    /// <summary>Whether, besides their providers, one organisation runs both (a co-organiser of one organises the
    /// other): then they are coordinated, not a duplication between providers. Callers compare the providers first.</summary>
    public static bool ShareCoOrganiser(in OverlapFacts a, in OverlapFacts b)
    {
        if (a.CoOrganisers is null && b.CoOrganisers is null) return false;
        if (b.Organises(a.Provider)) return true;
        foreach (var partner in a.CoOrganisers ?? []) if (b.Organises(partner)) return true;
        return false;
    }

    private bool Organises(Guid organisation) =>
        Provider == organisation || (CoOrganisers is { } partners && Array.IndexOf(partners, organisation) >= 0);
}

public static class OverlapsReportBuilder
{
    public const int DefaultLimit = 500;
    public const int DefaultWithinDays = 90;
    public const double DefaultMinSimilarity = 0.5;

    /// <summary>A pair found: the candidates' positions, earlier one first.</summary>
    private readonly record struct Found(int First, int Second, double Similarity, int DaysApart);

    private readonly record struct ProviderPair(Guid First, Guid Second, int Pairs, double MaxSimilarity);

    public static OverlapsReport Build(ScopedData data, int withinDays, double minSimilarity, int limit = DefaultLimit)
    {
        using var scan = new PairScan(data.Offerings, withinDays, minSimilarity, limit);
        scan.Run();

        var listed = scan.BestInReportOrder().Select(p =>
        {
            var (first, second) = (scan.OfferingAt(p.First), scan.OfferingAt(p.Second));
            var (_, basis, shared) = Similarity(first.Programme.Version, second.Programme.Version);
            return new OverlapPair(Side(first, data), Side(second, data), p.Similarity, basis, shared, p.DaysApart);
        }).ToArray();
        var byProvider = scan.ProviderPairsInReportOrder(id => Name(data, id), limit)
            .Select(p => new ProviderPairOverlap(p.First, Name(data, p.First), p.Second, Name(data, p.Second), p.Pairs,
                p.MaxSimilarity))
            .ToArray();
        return new OverlapsReport(data.Scope, data.Freshness, withinDays, minSimilarity, scan.TotalPairs, limit, listed,
            scan.ProviderPairCount, byProvider);
    }

    /// <summary>0 when the date ranges intersect, else the days between the end of one and the start of the other.</summary>
    public static int DaysApart(OfferingVersion a, OfferingVersion b) => DaysApart(
        a.StartDate.DayNumber, a.EndDate.DayNumber, b.StartDate.DayNumber, b.EndDate.DayNumber);

    private static int DaysApart(int startA, int endA, int startB, int endB) =>
        Math.Max(0, Math.Max(startA, startB) - Math.Min(endA, endB));

    /// <summary>Rounded Jaccard similarities by (shared, all) code counts: the scan looks them up.</summary>
    private static readonly double[,] Jaccard = JaccardTable();

    private static double[,] JaccardTable()
    {
        var table = new double[65, 65];
        for (var union = 1; union <= 64; union++)
            for (var shared = 0; shared <= union; shared++)
                table[shared, union] = Math.Round((double)shared / union, 4, MidpointRounding.AwayFromZero);
        return table;
    }

    /// <summary>An offering in the scan: its facts, where it is in the report's data, and per-report ordinals.</summary>
    private readonly struct Candidate(in OverlapFacts facts, int source, int bucket, int venue, int provider)
    {
        public readonly OverlapFacts Facts = facts;
        public readonly int Source = source, Bucket = bucket, Venue = venue, Provider = provider;
    }

    /// <summary>
    /// Tests candidate pairs and keeps the totals, the provider pairs and the best <c>limit</c> pairs. Candidates only
    /// pair within a (level, language) bucket and a channel: offerings at the same venue country, or, in each region
    /// and for each code measured, an offering without a venue with any offering counting in that region and naming
    /// that code (a pair sharing no code has similarity 0). Within a channel, in order of start, a later offering is
    /// within reach only while it starts by the earlier one's end plus withinDays. A pair is tested only in the lowest
    /// region and code the two share, so it is found once. Every array is rented: a report at full scale would
    /// otherwise allocate tens of megabytes and pay for them in collections.
    /// </summary>
    private sealed class PairScan : IDisposable
    {
        private const int Keys = 128;

        private readonly IReadOnlyList<ScopedOffering> _offerings;
        private readonly int _withinDays, _limit;
        private readonly double _minSimilarity;
        private readonly int _count;
        // In (bucket, start date, offering id) order; a candidate's position is its order.
        private readonly Candidate[] _candidates;
        private readonly int[] _channel, _keyed, _withoutVenue;
        private readonly int[] _keyStart = new int[Keys + 1];
        private readonly List<(int Start, int End)> _buckets = [];
        private readonly List<Guid> _providers = [];
        private readonly int _venues;
        private readonly PriorityQueue<Found, Found> _best;
        private readonly Dictionary<long, (int Pairs, double MaxSimilarity)> _providerPairs = [];

        public PairScan(IReadOnlyList<ScopedOffering> offerings, int withinDays, double minSimilarity, int limit)
        {
            (_offerings, _withinDays, _minSimilarity, _limit) = (offerings, withinDays, minSimilarity, limit);
            // Worst on top, so a better pair replaces it.
            _best = new PriorityQueue<Found, Found>(limit + 1, Comparer<Found>.Create((x, y) => ReportOrder(y, x)));
            var inOrder = InStartOrder(offerings);
            var buckets = new Dictionary<int, int>();
            var uncodedBuckets = new Dictionary<(string Level, string Language), int>();
            var venues = new Dictionary<int, int>();
            var uncodedVenues = new Dictionary<string, int>(StringComparer.Ordinal);
            var providers = new Dictionary<Guid, int>();
            var unbucketed = ArrayPool<Candidate>.Shared.Rent(Math.Max(1, inOrder.Length));
            var keyedEntries = 0;
            foreach (var source in inOrder)
            {
                var offering = offerings[source];
                if (!offering.IsSupply) continue;
                var facts = offering.Pairing;
                var bucketCount = buckets.Count + uncodedBuckets.Count;
                var bucket = facts.Bucket >= 0 ? Ordinal(buckets, facts.Bucket, bucketCount)
                    : Ordinal(uncodedBuckets, (offering.Programme.Version.Level, offering.Offering.Language), bucketCount);
                var venueCount = venues.Count + uncodedVenues.Count;
                var venue = facts.Venue >= 0 ? Ordinal(venues, facts.Venue, venueCount)
                    : facts.Venue == -2 ? Ordinal(uncodedVenues, offering.Offering.VenueCountry!, venueCount)
                    : -1;
                var provider = Ordinal(providers, facts.Provider, providers.Count);
                if (provider == _providers.Count) _providers.Add(facts.Provider);
                unbucketed[_count++] = new Candidate(facts, source, bucket, venue, provider);
                keyedEntries += BitOperations.PopCount(facts.Standards) + BitOperations.PopCount(facts.Disciplines);
            }
            _venues = venues.Count + uncodedVenues.Count;
            // A stable counting sort by bucket keeps the start order within each bucket.
            _candidates = ArrayPool<Candidate>.Shared.Rent(Math.Max(1, _count));
            var next = new int[buckets.Count + uncodedBuckets.Count];
            foreach (ref readonly var c in unbucketed.AsSpan(0, _count)) next[c.Bucket]++;
            for (int b = 0, start = 0; b < next.Length; b++)
            {
                _buckets.Add((start, start + next[b]));
                (next[b], start) = (start, start + next[b]);
            }
            foreach (ref readonly var c in unbucketed.AsSpan(0, _count)) _candidates[next[c.Bucket]++] = c;
            ArrayPool<Candidate>.Shared.Return(unbucketed);
            _channel = ArrayPool<int>.Shared.Rent(Math.Max(1, _count));
            _withoutVenue = ArrayPool<int>.Shared.Rent(Math.Max(1, _count));
            _keyed = ArrayPool<int>.Shared.Rent(Math.Max(1, keyedEntries));
        }

        private static int Ordinal<TKey>(Dictionary<TKey, int> ordinals, TKey key, int next) where TKey : notnull
        {
            ref var ordinal = ref CollectionsMarshal.GetValueRefOrAddDefault(ordinals, key, out var exists);
            if (!exists) ordinal = next;
            return ordinal;
        }

        /// <summary>Positions of the offerings by (start date, offering id); the report data comes so.</summary>
        private static int[] InStartOrder(IReadOnlyList<ScopedOffering> offerings)
        {
            var order = new int[offerings.Count];
            var sorted = true;
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
                if (i > 0 && ScopedOffering.StartOrder(offerings[i - 1], offerings[i]) > 0) sorted = false;
            }
            if (!sorted) Array.Sort(order, (x, y) => ScopedOffering.StartOrder(offerings[x], offerings[y]));
            return order;
        }

        public int TotalPairs { get; private set; }
        public int ProviderPairCount => _providerPairs.Count;
        public ScopedOffering OfferingAt(int position) => _offerings[_candidates[position].Source];

        public void Run()
        {
            foreach (var (start, end) in _buckets)
            {
                ScanVenues(start, end);
                ScanRegions(start, end);
            }
        }

        /// <summary>Pairs within each venue country: a stable counting sort of the bucket's positions by venue.</summary>
        private void ScanVenues(int start, int end)
        {
            var next = ArrayPool<int>.Shared.Rent(_venues + 1);
            try
            {
                Array.Clear(next, 0, _venues + 1);
                for (var i = start; i < end; i++)
                    if (_candidates[i].Venue >= 0) next[_candidates[i].Venue + 1]++;
                for (var v = 1; v <= _venues; v++) next[v] += next[v - 1];
                var placed = 0;
                for (var i = start; i < end; i++)
                    if (_candidates[i].Venue >= 0)
                    {
                        _channel[next[_candidates[i].Venue]++] = i;
                        placed++;
                    }
                for (var from = 0; from < placed;)
                {
                    var venue = _candidates[_channel[from]].Venue;
                    var to = from;
                    while (to < placed && _candidates[_channel[to]].Venue == venue) to++;
                    for (var i = from; i < to; i++) Forward(_channel[i], _channel, i + 1, to, region: -1, key: -1);
                    from = to;
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(next);
            }
        }

        /// <summary>In each region and code, an offering without a venue pairs with every later offering there; one at
        /// a venue, only with later ones without.</summary>
        private void ScanRegions(int start, int end)
        {
            var present = 0UL;
            for (var i = start; i < end; i++) present |= _candidates[i].Facts.Regions;
            for (var regions = present; regions != 0; regions &= regions - 1)
            {
                var region = BitOperations.TrailingZeroCount(regions);
                Keyed(start, end, 1UL << region);
                for (var key = 0; key < Keys; key++)
                {
                    var (from, to) = (_keyStart[key], _keyStart[key + 1]);
                    if (to - from < 2) continue;
                    var withoutVenue = 0;
                    for (var i = from; i < to; i++)
                        if (!_candidates[_keyed[i]].Facts.HasVenue) _withoutVenue[withoutVenue++] = _keyed[i];
                    if (withoutVenue == 0) continue;
                    for (var i = from; i < to; i++)
                    {
                        var a = _keyed[i];
                        if (!_candidates[a].Facts.HasVenue) Forward(a, _keyed, i + 1, to, region, key);
                        else Forward(a, _withoutVenue, FirstAfter(_withoutVenue, withoutVenue, a), withoutVenue, region, key);
                    }
                }
            }
        }

        /// <summary>
        /// The bucket's positions counting in the region, each once per code it is measured on, grouped by code
        /// (stable: in start order within a code) in <c>_keyed</c>, with each code's range in <c>_keyStart</c>.
        /// </summary>
        private void Keyed(int start, int end, ulong regionBit)
        {
            Array.Clear(_keyStart);
            var inRegion = 0;
            for (var i = start; i < end; i++)
            {
                ref readonly var facts = ref _candidates[i].Facts;
                if ((facts.Regions & regionBit) == 0) continue;
                _channel[inRegion++] = i;
                for (var keys = facts.Standards; keys != 0; keys &= keys - 1) _keyStart[BitOperations.TrailingZeroCount(keys) + 1]++;
                for (var keys = facts.Disciplines; keys != 0; keys &= keys - 1) _keyStart[64 + BitOperations.TrailingZeroCount(keys) + 1]++;
            }
            for (var k = 1; k <= Keys; k++) _keyStart[k] += _keyStart[k - 1];
            Span<int> next = stackalloc int[Keys];
            _keyStart.AsSpan(0, Keys).CopyTo(next);
            for (var c = 0; c < inRegion; c++)
            {
                var i = _channel[c];
                ref readonly var facts = ref _candidates[i].Facts;
                for (var keys = facts.Standards; keys != 0; keys &= keys - 1) _keyed[next[BitOperations.TrailingZeroCount(keys)]++] = i;
                for (var keys = facts.Disciplines; keys != 0; keys &= keys - 1) _keyed[next[64 + BitOperations.TrailingZeroCount(keys)]++] = i;
            }
        }

        private static int FirstAfter(int[] channel, int length, int position)
        {
            int low = 0, high = length;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (channel[middle] <= position) low = middle + 1;
                else high = middle;
            }
            return low;
        }

        /// <summary>The lowest code the two are both measured on (disciplines after standards); -1 for none.</summary>
        private static int LowestSharedKey(in OverlapFacts a, in OverlapFacts b)
        {
            var standards = a.Standards & b.Standards;
            if (standards != 0) return BitOperations.TrailingZeroCount(standards);
            var disciplines = a.Disciplines & b.Disciplines;
            return disciplines != 0 ? 64 + BitOperations.TrailingZeroCount(disciplines) : -1;
        }

        /// <summary>
        /// Pairs the candidate at <paramref name="first"/> with those of <paramref name="channel"/>[from..to) (all
        /// after it) that start within reach. A venue country's channel (<paramref name="region"/> -1) is all one
        /// place and holds every code; in a region and code channel a pair counts only where both are lowest.
        /// </summary>
        private void Forward(int first, int[] channel, int from, int to, int region, int key)
        {
            ref readonly var a = ref _candidates[first];
            var reach = a.Facts.End + _withinDays;
            for (var j = from; j < to; j++)
            {
                var second = channel[j];
                ref readonly var b = ref _candidates[second];
                if (b.Facts.Start > reach) break;
                if (a.Provider == b.Provider || OverlapFacts.ShareCoOrganiser(a.Facts, b.Facts)) continue;
                if (region >= 0 && (BitOperations.TrailingZeroCount(a.Facts.Regions & b.Facts.Regions) != region
                                    || LowestSharedKey(a.Facts, b.Facts) != key)) continue;
                var daysApart = DaysApart(a.Facts.Start, a.Facts.End, b.Facts.Start, b.Facts.End);
                if (daysApart > _withinDays) continue;
                var similarity = SimilarityOf(a, b);
                if (similarity < _minSimilarity || similarity == 0) continue;
                Record(new Found(first, second, similarity, daysApart), a.Provider, b.Provider);
            }
        }

        private double SimilarityOf(in Candidate a, in Candidate b)
        {
            if (!a.Facts.FullyCoded || !b.Facts.FullyCoded)
                return Similarity(_offerings[a.Source].Programme.Version, _offerings[b.Source].Programme.Version).Similarity;
            var (x, y) = a.Facts.Standards == 0 && b.Facts.Standards == 0
                ? (a.Facts.Disciplines, b.Facts.Disciplines)
                : (a.Facts.Standards, b.Facts.Standards);
            return Jaccard[BitOperations.PopCount(x & y), BitOperations.PopCount(x | y)];
        }

        private void Record(in Found found, int providerA, int providerB)
        {
            TotalPairs++;
            var key = providerA < providerB ? (long)providerA << 32 | (uint)providerB : (long)providerB << 32 | (uint)providerA;
            ref var pair = ref CollectionsMarshal.GetValueRefOrAddDefault(_providerPairs, key, out _);
            pair = (pair.Pairs + 1, Math.Max(pair.MaxSimilarity, found.Similarity));
            if (_best.Count < _limit) _best.Enqueue(found, found);
            else if (ReportOrder(found, _best.Peek()) < 0) _best.DequeueEnqueue(found, found);
        }

        /// <summary>Report order: most similar first, then by the first offering's start, then by ids.</summary>
        private int ReportOrder(Found x, Found y)
        {
            var order = y.Similarity.CompareTo(x.Similarity);
            if (order == 0) order = _candidates[x.First].Facts.Start.CompareTo(_candidates[y.First].Facts.Start);
            if (order == 0) order = _candidates[x.First].Facts.Id.CompareTo(_candidates[y.First].Facts.Id);
            return order != 0 ? order : _candidates[x.Second].Facts.Id.CompareTo(_candidates[y.Second].Facts.Id);
        }

        public List<Found> BestInReportOrder()
        {
            var best = new List<Found>(_best.Count);
            while (_best.Count > 0) best.Add(_best.Dequeue());
            best.Sort(ReportOrder);
            return best;
        }

        /// <summary>Most pairs first, then the highest similarity, then by the first provider's name and the ids.</summary>
        public IEnumerable<ProviderPair> ProviderPairsInReportOrder(Func<Guid, string> name, int limit)
        {
            var names = _providers.Select(name).ToArray();
            // A pair of providers is named in the order of their ids.
            var pairs = _providerPairs.Select(p => (Key: _providers[First(p.Key)].CompareTo(_providers[Second(p.Key)]) < 0
                ? p.Key : (long)Second(p.Key) << 32 | (uint)First(p.Key), p.Value.Pairs, p.Value.MaxSimilarity)).ToArray();
            Array.Sort(pairs, (x, y) =>
            {
                var order = y.Pairs.CompareTo(x.Pairs);
                if (order == 0) order = y.MaxSimilarity.CompareTo(x.MaxSimilarity);
                var (firstX, firstY) = (First(x.Key), First(y.Key));
                if (order == 0) order = string.CompareOrdinal(names[firstX], names[firstY]);
                if (order == 0) order = _providers[firstX].CompareTo(_providers[firstY]);
                return order != 0 ? order : _providers[Second(x.Key)].CompareTo(_providers[Second(y.Key)]);
            });
            return pairs.Take(limit).Select(p => new ProviderPair(_providers[First(p.Key)], _providers[Second(p.Key)],
                p.Pairs, p.MaxSimilarity));
        }

        private static int First(long key) => (int)(key >> 32);
        private static int Second(long key) => (int)key;

        public void Dispose()
        {
            ArrayPool<Candidate>.Shared.Return(_candidates);
            ArrayPool<int>.Shared.Return(_channel);
            ArrayPool<int>.Shared.Return(_keyed);
            ArrayPool<int>.Shared.Return(_withoutVenue);
        }
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
        var report = OverlapsReportBuilder.Build(data, withinDays ?? OverlapsReportBuilder.DefaultWithinDays,
            minSimilarity ?? OverlapsReportBuilder.DefaultMinSimilarity,
            limit ?? OverlapsReportBuilder.DefaultLimit);
        return ReportOutput.Respond(request, query, report, report.Freshness, report.Pairs.Select(p => new OverlapCsvRow(p.Similarity, p.Basis,
            ReportOutput.Join(p.Shared), p.DaysApart, p.First.OfferingId, p.First.ProviderName, p.First.ProgrammeTitle,
            p.First.StartDate, p.First.VenueCountry, p.Second.OfferingId, p.Second.ProviderName, p.Second.ProgrammeTitle,
            p.Second.StartDate, p.Second.VenueCountry)), "overlaps");
    }
}
