using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Hosting;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Reports;

public sealed record EffectivenessLine(Guid Id, string Name, int OfferingsScheduled, int OfferingsDelivered,
    int OfferingsCancelled, double? CancellationRate, int Seats, int Confirmed, double? FillRate, int Completed,
    double? CompletionRate, int Passed, double? PassRate, double? MeanPrePostGain, int GainPairs,
    IReadOnlyDictionary<string, int> TraineesBySex, IReadOnlyDictionary<string, int> TraineesByOrganisationType,
    ReportedFigures Reported);

public sealed record EffectivenessReport(ReportScope Scope, string By, IReadOnlyList<EffectivenessLine> Lines);

/// <summary>
/// Per programme or provider, over the offerings in scope: delivered = not cancelled and ended on or before asOf;
/// cancellation rate = cancelled / all; fill rate = confirmed / seats (non-cancelled); completion rate = completed /
/// (confirmed + reported participants); pass rate = passed / completed; mean gain = mean of post − pre over enrolments
/// with both; trainees = confirmed seat holders (plus reported participants' sex where reported: female only).
/// </summary>
public static class EffectivenessReportBuilder
{
    public static EffectivenessReport Build(ScopedData data, string by)
    {
        var asOfDate = DateOnly.FromDateTime(data.Scope.AsOf.UtcDateTime);
        var groups = by == "provider"
            ? data.Offerings.GroupBy(o => o.ProviderId)
            : data.Offerings.GroupBy(o => o.ProgrammeId);
        var lines = groups.Select(g =>
        {
            var all = g.ToArray();
            var supply = all.Where(o => o.IsSupply).ToArray();
            var cancelled = all.Length - supply.Length;
            var reported = ReportedFigures.Sum(supply);
            var seats = supply.Sum(o => o.Offering.Capacity);
            var confirmed = supply.Sum(o => o.Offering.Confirmed);
            var completed = supply.Sum(o => o.Offering.Completed) + reported.Completed;
            var passed = supply.Sum(o => o.Offering.Passed) + reported.Passed;
            var gainPairs = supply.Sum(o => o.Offering.GainPairs);
            var name = by == "provider"
                ? data.ProviderNames.GetValueOrDefault(g.Key, g.Key.ToString())
                : all[0].Programme.Title;
            var bySex = Merge(supply.Select(o => o.Offering.SeatHoldersBySex));
            if (reported.Female > 0) bySex["female"] = bySex.GetValueOrDefault("female") + reported.Female;
            return new EffectivenessLine(g.Key, name, all.Length,
                supply.Count(o => o.Offering.EndDate <= asOfDate), cancelled, ReportData.Ratio(cancelled, all.Length),
                seats, confirmed, ReportData.Ratio(confirmed, seats), completed,
                ReportData.Ratio(completed, confirmed + reported.Participants), passed, ReportData.Ratio(passed, completed),
                gainPairs == 0 ? null : Math.Round(supply.Sum(o => o.Offering.GainSum) / gainPairs, 2), gainPairs,
                bySex, Merge(supply.Select(o => o.Offering.SeatHoldersByOrganisationType)), reported);
        }).OrderBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Id).ToArray();
        return new EffectivenessReport(data.Scope, by, lines);
    }

    private static Dictionary<string, int> Merge(IEnumerable<IReadOnlyDictionary<string, int>> counts)
    {
        var merged = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, value) in counts.SelectMany(c => c)) merged[key] = merged.GetValueOrDefault(key) + value;
        return merged;
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
    public static async Task<IResult> Get([FromQuery] ReportQuery query, string? by, HttpRequest request,
        IQuerySession session, ReportFacts facts, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        if (by is not (null or "programme" or "provider"))
            return TypedResults.Problem(Problems.Invalid(new ValidationErrors().Add("by", "programme or provider.")));

        var report = EffectivenessReportBuilder.Build(await ReportData.LoadAsync(session, facts, scope!, reference, ct), by ?? "programme");
        return ReportOutput.Respond(request, query, report, report.Lines.Select(l => new EffectivenessCsvRow(l.Id, l.Name,
            l.OfferingsScheduled, l.OfferingsDelivered, l.OfferingsCancelled, l.CancellationRate, l.Seats, l.Confirmed,
            l.FillRate, l.Completed, l.CompletionRate, l.Passed, l.PassRate, l.MeanPrePostGain,
            l.TraineesBySex.GetValueOrDefault("female"), l.TraineesBySex.GetValueOrDefault("male"), l.Reported.Participants)),
            "effectiveness");
    }
}
