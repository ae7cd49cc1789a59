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

public sealed record EffectivenessReport(ReportScope Scope, string By, IReadOnlyList<EffectivenessLine> Lines);

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

    public static EffectivenessReport Build(ScopedData data, string by)
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

        var report = lines.Select(entry =>
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
                supply.GainPairs == 0 ? null : Math.Round(supply.GainSum / supply.GainPairs, 2), supply.GainPairs,
                line.BySex, line.ByOrganisationType, reported);
        }).OrderBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Id).ToArray();
        return new EffectivenessReport(data.Scope, by, report);
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
    public static async Task<IResult> Get([FromQuery] ReportQuery query, string? by, HttpRequest request,
        IQuerySession session, ReportFacts facts, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var (scope, problem) = ReportScope.Resolve(query, reference, clock.GetUtcNow());
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        if (by is not (null or "programme" or "provider"))
            return TypedResults.Problem(Problems.Invalid(new ValidationErrors().Add("by", "programme or provider.")));

        var report = EffectivenessReportBuilder.Build(await ReportData.LoadAsync(session, facts, scope!, reference, withProviderNames: by == "provider", ct), by ?? "programme");
        return ReportOutput.Respond(request, query, report, report.Lines.Select(l => new EffectivenessCsvRow(l.Id, l.Name,
            l.OfferingsScheduled, l.OfferingsDelivered, l.OfferingsCancelled, l.CancellationRate, l.Seats, l.Confirmed,
            l.FillRate, l.Completed, l.CompletionRate, l.Passed, l.PassRate, l.MeanPrePostGain,
            l.TraineesBySex.GetValueOrDefault("female"), l.TraineesBySex.GetValueOrDefault("male"), l.Reported.Participants)),
            "effectiveness");
    }
}
