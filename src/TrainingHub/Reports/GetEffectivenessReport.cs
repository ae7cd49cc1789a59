using System.Buffers;
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

public sealed record EffectivenessLine(Guid Id, string Name, int OfferingsScheduled, int OfferingsDelivered,
    int OfferingsCancelled, double? CancellationRate, int Seats, int Confirmed, double? FillRate, int Completed,
    double? CompletionRate, int Passed, double? PassRate, double? MeanPrePostGain, int GainPairs,
    IReadOnlyDictionary<string, int> TraineesBySex, IReadOnlyDictionary<string, int> TraineesByOrganisationType,
    ReportedFigures Reported, EvaluationLine Evaluation)
{
    /// <summary>Standards named by follow-up answers (measured and reported), filled like the breakdowns.</summary>
    public IReadOnlyDictionary<string, int> StandardsUsed { get; init; } = new Dictionary<string, int>();
}

/// <summary>
/// A line's participant evaluation: all answers together, and apart the measured part (answers recorded per enrolment
/// through partners) and the reported part (providers' anonymous summaries), as reported participation is shown apart.
/// </summary>
public sealed record EvaluationLine(int Reactions, double? MeanSatisfaction, double? RecommendRate, int FollowUps,
    double? AppliedRate, double? PracticeChangedRate, double? FollowUpResponseRate, EvaluationPart Measured,
    EvaluationPart Reported);

public sealed record EvaluationPart(int Reactions, double? MeanSatisfaction, int FollowUps, int Applied,
    double? AppliedRate, double? FollowUpResponseRate);

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
        ["meanSatisfaction"] = l => l.Evaluation.MeanSatisfaction,
        ["appliedRate"] = l => l.Evaluation.AppliedRate,
        ["followUpResponseRate"] = l => l.Evaluation.FollowUpResponseRate,
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
    private static readonly IReadOnlyDictionary<string, int> NoBreakdown = new Dictionary<string, int>();

    /// <summary>A line's running totals: plain numbers, so the array of them is one block the collector never traces.</summary>
    private struct Totals
    {
        public int Source, Scheduled, Delivered, Cancelled, Seats, Confirmed, Completed, Passed, GainPairs;
        public int ReportedParticipants, ReportedFemale, ReportedCompleted, ReportedPassed;
        public int Reactions, SatisfactionSum, Recommend, FollowUps, Applied, PracticeChanged;
        public int ReportedReactions, ReportedRecommend, ReportedFollowUps, ReportedApplied, ReportedPracticeChanged;
        public double GainSum, ReportedSatisfactionSum;
        public CodeSet ReportedCountries;
    }

    /// <summary>
    /// Every line, in no particular order, without the trainees by sex and organisation type (see
    /// <see cref="WithBreakdowns"/>): a page needs those for its own lines only.
    /// </summary>
    public static EffectivenessLine[] Lines(ScopedData data, string by)
    {
        var asOfDate = DateOnly.FromDateTime(data.Scope.AsOf.UtcDateTime);
        var byProvider = by == "provider";
        var ordinals = new Dictionary<Guid, int>();
        // A joint programme's offerings count for each of its organisers, so there may be more lines than offerings.
        var partnerLines = byProvider ? data.Offerings.Sum(o => o.Programme.Version.CoOrganisers?.Count ?? 0) : 0;
        var totals = ArrayPool<Totals>.Shared.Rent(Math.Max(1, data.Offerings.Count + partnerLines));
        try
        {
            for (var source = 0; source < data.Offerings.Count; source++)
            {
                var offering = data.Offerings[source];
                if (!byProvider)
                {
                    Tally(ref LineOf(offering.ProgrammeId, source), offering, asOfDate);
                    continue;
                }
                Tally(ref LineOf(offering.ProviderId, source), offering, asOfDate);
                if (offering.Programme.Version.CoOrganisers is not { Count: > 0 } partners) continue;
                for (var i = 0; i < partners.Count; i++)
                    if (partners[i] != offering.ProviderId) Tally(ref LineOf(partners[i], source), offering, asOfDate);
            }

            var lines = new EffectivenessLine[ordinals.Count];
            foreach (var (id, ordinal) in ordinals)
            {
                ref readonly var line = ref totals[ordinal];
                var first = data.Offerings[line.Source];
                var name = byProvider ? data.ProviderNames.GetValueOrDefault(id, id.ToString()) : first.Programme.Version.Title;
                var reported = new ReportedFigures(line.ReportedParticipants, line.ReportedFemale, line.ReportedCompleted,
                    line.ReportedPassed, line.ReportedCountries.Count);
                var (completed, passed) = (line.Completed + reported.Completed, line.Passed + reported.Passed);
                lines[ordinal] = new EffectivenessLine(id, name, line.Scheduled, line.Delivered, line.Cancelled,
                    ReportData.Ratio(line.Cancelled, line.Scheduled), line.Seats, line.Confirmed,
                    ReportData.Ratio(line.Confirmed, line.Seats), completed,
                    ReportData.Ratio(completed, line.Confirmed + reported.Participants), passed,
                    ReportData.Ratio(passed, completed), ReportData.Mean(line.GainSum, line.GainPairs), line.GainPairs,
                    NoBreakdown, NoBreakdown, reported, Evaluation(line));
            }
            return lines;

            ref Totals LineOf(Guid id, int source)
            {
                ref var ordinal = ref CollectionsMarshal.GetValueRefOrAddDefault(ordinals, id, out var known);
                if (!known)
                {
                    ordinal = ordinals.Count - 1;
                    totals[ordinal] = new Totals { Source = source };
                }
                return ref totals[ordinal];
            }
        }
        finally
        {
            ArrayPool<Totals>.Shared.Return(totals);
        }
    }

    private static void Tally(ref Totals line, ScopedOffering offering, DateOnly asOfDate)
    {
        line.Scheduled++;
        var counts = offering.Counts;
        if (counts.Cancelled)
        {
            line.Cancelled++;
            return;
        }
        if (counts.EndDate <= asOfDate) line.Delivered++;
        line.Seats += counts.Capacity;
        line.Confirmed += counts.Confirmed;
        line.Completed += counts.Completed;
        line.Passed += counts.Passed;
        line.GainSum += counts.GainSum;
        line.GainPairs += counts.GainPairs;
        if (counts.Reported is { } reported)
        {
            line.ReportedParticipants += reported.Participants;
            line.ReportedFemale += reported.Female;
            line.ReportedCompleted += reported.Completed;
            line.ReportedPassed += reported.Passed;
            line.ReportedCountries.UnionWith(offering.ReportedReached);
        }
        if (counts.Evaluation is not { } evaluation) return;
        line.Reactions += evaluation.Reactions;
        line.SatisfactionSum += evaluation.SatisfactionSum;
        line.Recommend += evaluation.WouldRecommend;
        line.FollowUps += evaluation.FollowUps;
        line.Applied += evaluation.Applied;
        line.PracticeChanged += evaluation.PracticeChanged;
        if (evaluation.Reported?.Reaction is { } reaction)
        {
            line.ReportedReactions += reaction.Responses;
            line.ReportedSatisfactionSum += (double)reaction.MeanSatisfaction * reaction.Responses;
            line.ReportedRecommend += reaction.WouldRecommend;
        }
        if (evaluation.Reported?.FollowUp is { } followUp)
        {
            line.ReportedFollowUps += followUp.Responses;
            line.ReportedApplied += followUp.AppliedAtWork;
            line.ReportedPracticeChanged += followUp.PracticeChanged;
        }
    }

    /// <summary>Lines without answers, by whether tracked (1) and reported (2) completions exist.</summary>
    private static readonly EvaluationLine[] NoAnswers = [.. Enumerable.Range(0, 4).Select(completions =>
    {
        EvaluationPart Part(bool completed) => new(0, null, 0, 0, null, completed ? 0 : null);
        var (tracked, reported) = ((completions & 1) != 0, (completions & 2) != 0);
        return new EvaluationLine(0, null, null, 0, null, null, tracked || reported ? 0 : null, Part(tracked), Part(reported));
    })];

    /// <summary>Rates over answers; the follow-up response rate over completed trainees (tracked ones for measured
    /// answers, reported ones for reported answers).</summary>
    private static EvaluationLine Evaluation(in Totals line)
    {
        var reactions = line.Reactions + line.ReportedReactions;
        var followUps = line.FollowUps + line.ReportedFollowUps;
        // Most lines have no answers: a shared value instead of three objects per line (which response rates are 0
        // rather than unknown depends only on whether tracked and reported completions exist).
        if (reactions == 0 && followUps == 0)
            return NoAnswers[(line.Completed > 0 ? 1 : 0) + (line.ReportedCompleted > 0 ? 2 : 0)];
        return new EvaluationLine(reactions,
            ReportData.Mean(line.SatisfactionSum + line.ReportedSatisfactionSum, reactions),
            ReportData.Ratio(line.Recommend + line.ReportedRecommend, reactions),
            followUps,
            ReportData.Ratio(line.Applied + line.ReportedApplied, followUps),
            ReportData.Ratio(line.PracticeChanged + line.ReportedPracticeChanged, followUps),
            ReportData.Ratio(followUps, line.Completed + line.ReportedCompleted),
            new EvaluationPart(line.Reactions, ReportData.Mean(line.SatisfactionSum, line.Reactions), line.FollowUps,
                line.Applied, ReportData.Ratio(line.Applied, line.FollowUps), ReportData.Ratio(line.FollowUps, line.Completed)),
            new EvaluationPart(line.ReportedReactions, ReportData.Mean(line.ReportedSatisfactionSum, line.ReportedReactions),
                line.ReportedFollowUps, line.ReportedApplied, ReportData.Ratio(line.ReportedApplied, line.ReportedFollowUps),
                ReportData.Ratio(line.ReportedFollowUps, line.ReportedCompleted)));
    }

    /// <summary>The given lines (of <see cref="Lines"/> with the same data and grouping) with their trainees by sex
    /// and by organisation type, in the same order.</summary>
    public static EffectivenessLine[] WithBreakdowns(ScopedData data, string by, IReadOnlyList<EffectivenessLine> lines)
    {
        var byProvider = by == "provider";
        var slots = new Dictionary<Guid, int>(lines.Count);
        var bySex = new Dictionary<string, int>[lines.Count];
        var byOrganisationType = new Dictionary<string, int>[lines.Count];
        var standardsUsed = new SortedDictionary<string, int>[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            slots[lines[i].Id] = i;
            (bySex[i], byOrganisationType[i], standardsUsed[i]) =
                (new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal));
        }
        foreach (var offering in data.Offerings)
        {
            if (offering.Counts.Cancelled) continue;
            if (!byProvider) Add(offering.ProgrammeId, offering);
            else
                foreach (var organiser in offering.Programme.Version.Organisers.Distinct()) Add(organiser, offering);
        }
        var filled = new EffectivenessLine[lines.Count];
        void Add(Guid line, ScopedOffering offering)
        {
            if (!slots.TryGetValue(line, out var slot)) return;
            AddTo(bySex[slot], offering.Offering.SeatHoldersBySex);
            AddTo(byOrganisationType[slot], offering.Offering.SeatHoldersByOrganisationType);
            if (offering.Counts.Evaluation is not { } evaluation) return;
            AddTo(standardsUsed[slot], evaluation.StandardsUsed);
            if (evaluation.Reported?.FollowUp is { } followUp) AddTo(standardsUsed[slot], followUp.StandardsUsed);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var female = lines[i].Reported.Female;
            if (female > 0) bySex[i]["female"] = bySex[i].GetValueOrDefault("female") + female;
            filled[i] = lines[i] with
            {
                TraineesBySex = bySex[i], TraineesByOrganisationType = byOrganisationType[i], StandardsUsed = standardsUsed[i],
            };
        }
        return filled;
    }

    private static void AddTo(IDictionary<string, int> totals, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (key, value) in counts) totals[key] = (totals.TryGetValue(key, out var total) ? total : 0) + value;
    }
}

public sealed record EffectivenessCsvRow(Guid Id, string Name, int OfferingsScheduled, int OfferingsDelivered,
    int OfferingsCancelled, double? CancellationRate, int Seats, int Confirmed, double? FillRate, int Completed,
    double? CompletionRate, int Passed, double? PassRate, double? MeanPrePostGain, int Female, int Male, int ReportedParticipants,
    int Reactions, double? MeanSatisfaction, int FollowUps, double? AppliedRate, double? FollowUpResponseRate,
    int MeasuredReactions, int MeasuredFollowUps);

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
            EffectivenessReportBuilder.WithBreakdowns(data, by, [.. lines.Skip((number - 1) * size).Take(size)]));
        return ReportOutput.Respond(request, query, report, report.Freshness, CsvRows(), "effectiveness");

        // Every line with its breakdowns, computed only when CSV is asked for.
        IEnumerable<EffectivenessCsvRow> CsvRows()
        {
            foreach (var l in EffectivenessReportBuilder.WithBreakdowns(data, by, lines))
                yield return new EffectivenessCsvRow(l.Id, l.Name, l.OfferingsScheduled, l.OfferingsDelivered,
                    l.OfferingsCancelled, l.CancellationRate, l.Seats, l.Confirmed, l.FillRate, l.Completed,
                    l.CompletionRate, l.Passed, l.PassRate, l.MeanPrePostGain, l.TraineesBySex.GetValueOrDefault("female"),
                    l.TraineesBySex.GetValueOrDefault("male"), l.Reported.Participants, l.Evaluation.Reactions,
                    l.Evaluation.MeanSatisfaction, l.Evaluation.FollowUps, l.Evaluation.AppliedRate,
                    l.Evaluation.FollowUpResponseRate, l.Evaluation.Measured.Reactions, l.Evaluation.Measured.FollowUps);
        }
    }
}
