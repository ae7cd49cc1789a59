using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

public sealed record EffectivenessLine(Guid Id, string Name, int OfferingsScheduled, int OfferingsDelivered,
    int OfferingsCancelled, double? CancellationRate, int Seats, int Confirmed, double? FillRate, int Completed,
    double? CompletionRate, int Passed, double? PassRate, double? MeanPrePostGain, int GainPairs,
    IReadOnlyDictionary<string, int> TraineesBySex, IReadOnlyDictionary<string, int> TraineesByOrganisationType,
    ReportedFigures Reported);

/// <summary>One page of the lines in the asked order; <see cref="TotalLines"/> counts them all.</summary>
public sealed record EffectivenessReport(ReportScope Scope, Freshness Freshness, string By, string Sort, string Order,
    int Page, int PageSize, int TotalLines, IReadOnlyList<EffectivenessLine> Lines);

/// <summary>How the lines are ordered: by name (A-Z by default), or by a figure (highest first by default). Lines
/// without the figure (a rate over nothing) come last either way; ties go by name, then id.</summary>
public static class EffectivenessOrder
{
    private static readonly Dictionary<string, Func<EffectivenessLine, double?>> Figures = new(StringComparer.Ordinal)
    {
        ["offeringsScheduled"] = l => l.OfferingsScheduled,
        ["offeringsDelivered"] = l => l.OfferingsDelivered,
        ["offeringsCancelled"] = l => l.OfferingsCancelled,
        ["cancellationRate"] = l => l.CancellationRate,
        ["seats"] = l => l.Seats,
        ["confirmed"] = l => l.Confirmed,
        ["fillRate"] = l => l.FillRate,
        ["completed"] = l => l.Completed,
        ["completionRate"] = l => l.CompletionRate,
        ["passed"] = l => l.Passed,
        ["passRate"] = l => l.PassRate,
        ["meanPrePostGain"] = l => l.MeanPrePostGain,
    };

    public const string ByName = "name";
    public static readonly IReadOnlyList<string> Sorts = [ByName, .. Figures.Keys];

    public static string DefaultOrder(string sort) => sort == ByName ? "asc" : "desc";

    public static EffectivenessLine[] Sorted(IEnumerable<EffectivenessLine> lines, string sort, bool descending)
    {
        var byName = Comparer<EffectivenessLine>.Create((a, b) =>
        {
            var names = string.CompareOrdinal(a.Name, b.Name);
            return names != 0 ? names : a.Id.CompareTo(b.Id);
        });
        var sorted = lines.ToArray();
        if (sort == ByName)
        {
            Array.Sort(sorted, byName);
            if (descending) Array.Reverse(sorted);
            return sorted;
        }
        var figure = Figures[sort];
        Array.Sort(sorted, (a, b) =>
        {
            var (x, y) = (figure(a), figure(b));
            if (x is null || y is null) return x is null ? (y is null ? byName.Compare(a, b) : 1) : -1;
            var order = descending ? y.Value.CompareTo(x.Value) : x.Value.CompareTo(y.Value);
            return order != 0 ? order : byName.Compare(a, b);
        });
        return sorted;
    }
}

/// <summary>
/// Per programme or provider, over the offerings in scope: delivered = not cancelled and ended on or before asOf;
/// cancellation rate = cancelled / all; fill rate = confirmed / seats (non-cancelled); completion rate = completed /
/// (confirmed + reported participants); pass rate = passed / completed; mean gain = mean of post − pre over enrolments
/// with both; trainees = confirmed seat holders (plus reported participants' sex where reported: female only).
/// </summary>
public static class EffectivenessReportBuilder
{
    private sealed class Line(string name)
    {
        public string Name { get; } = name;
        public int Scheduled, Delivered, Cancelled;
        public readonly SupplyTally Supply = new();
        public readonly Dictionary<string, int> BySex = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> ByOrganisationType = new(StringComparer.Ordinal);
    }

    /// <summary>Every line, in no particular order.</summary>
    public static IEnumerable<EffectivenessLine> Lines(ScopedData data, string by)
    {
        var asOfDate = DateOnly.FromDateTime(data.Scope.AsOf.UtcDateTime);
        var byProvider = by == "provider";
        var lines = new Dictionary<Guid, Line>();
        foreach (var offering in data.Offerings)
        {
            var key = byProvider ? offering.ProviderId : offering.ProgrammeId;
            if (!lines.TryGetValue(key, out var line))
                lines[key] = line = new Line(byProvider
                    ? data.ProviderNames.GetValueOrDefault(key, key.ToString())
                    : offering.Programme.Version.Title);
            line.Scheduled++;
            if (!offering.IsSupply)
            {
                line.Cancelled++;
                continue;
            }
            if (offering.Offering.EndDate <= asOfDate) line.Delivered++;
            line.Supply.Add(offering);
            AddTo(line.BySex, offering.Offering.SeatHoldersBySex);
            AddTo(line.ByOrganisationType, offering.Offering.SeatHoldersByOrganisationType);
        }

        return lines.Select(entry =>
        {
            var (id, line) = (entry.Key, entry.Value);
            var supply = line.Supply;
            var reported = supply.Reported;
            var completed = supply.Completed + reported.Completed;
            var passed = supply.Passed + reported.Passed;
            if (reported.Female > 0) line.BySex["female"] = line.BySex.GetValueOrDefault("female") + reported.Female;
            return new EffectivenessLine(id, line.Name, line.Scheduled, line.Delivered, line.Cancelled,
                ReportData.Ratio(line.Cancelled, line.Scheduled), supply.Seats, supply.Confirmed,
                ReportData.Ratio(supply.Confirmed, supply.Seats), completed,
                ReportData.Ratio(completed, supply.Confirmed + reported.Participants), passed,
                ReportData.Ratio(passed, completed),
                ReportData.Mean(supply.GainSum, supply.GainPairs), supply.GainPairs,
                line.BySex, line.ByOrganisationType, reported);
        });
    }

    private static void AddTo(Dictionary<string, int> totals, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (key, value) in counts) totals[key] = totals.GetValueOrDefault(key) + value;
    }
}

public sealed record EffectivenessCsvRow(Guid Id, string Name, int OfferingsScheduled, int OfferingsDelivered,
    int OfferingsCancelled, double? CancellationRate, int Seats, int Confirmed, double? FillRate, int Completed,
    double? CompletionRate, int Passed, double? PassRate, double? MeanPrePostGain, int Female, int Male, int ReportedParticipants);

public static class GetEffectivenessReportEndpoint
{
    [WolverineGet("/api/reports/effectiveness", OperationId = "getEffectivenessReport")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<EffectivenessReport>(StatusCodes.Status200OK)]
    [Produces("application/json", "text/csv")]
    /// <summary>JSON: one page of lines (page, pageSize as everywhere); CSV: every line, in the same order.</summary>
    public static async Task<IResult> Get([FromQuery] ReportQuery query, string? by, string? sort, string? order,
        int? page, int? pageSize, HttpRequest request, IQuerySession session, ReportFacts facts, ReferenceData reference,
        TimeProvider clock, CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        var errors = new ValidationErrors()
            .When(by is not (null or "programme" or "provider"), "by", "programme or provider.")
            .When(sort is not null && !EffectivenessOrder.Sorts.Contains(sort), "sort", string.Join(", ", EffectivenessOrder.Sorts) + ".")
            .When(order is not (null or "asc" or "desc"), "order", "asc or desc.")
            .CheckPaging(page, pageSize);
        if (!errors.IsEmpty) return TypedResults.Problem(Problems.Invalid(errors));

        by ??= "programme";
        sort ??= EffectivenessOrder.ByName;
        order ??= EffectivenessOrder.DefaultOrder(sort);
        var data = await ReportData.LoadAsync(session, facts, scope!, query.MinPosition, reference,
            withProviderNames: by == "provider", ct);
        var lines = EffectivenessOrder.Sorted(EffectivenessReportBuilder.Lines(data, by), sort, order == "desc");
        var (number, size) = (page ?? 1, pageSize ?? Paging.DefaultPageSize);
        var report = new EffectivenessReport(data.Scope, data.Freshness, by, sort, order, number, size, lines.Length,
            [.. lines.Skip((number - 1) * size).Take(size)]);
        return ReportOutput.Respond(request, query, report, report.Freshness, lines.Select(l => new EffectivenessCsvRow(l.Id, l.Name,
            l.OfferingsScheduled, l.OfferingsDelivered, l.OfferingsCancelled, l.CancellationRate, l.Seats, l.Confirmed,
            l.FillRate, l.Completed, l.CompletionRate, l.Passed, l.PassRate, l.MeanPrePostGain,
            l.TraineesBySex.GetValueOrDefault("female"), l.TraineesBySex.GetValueOrDefault("male"), l.Reported.Participants)),
            "effectiveness");
    }
}
