using Marten;
using TrainingHub.Reference;
using TrainingHub.Reports;

namespace TrainingHub.Editions;

/// <summary>
/// An edition's sheets, each computed by the report it is named after, with the report's default parameters and the
/// edition's asOf and filters: a figure in the edition is the live report's figure for the same query. Nothing in it
/// depends on when it is written (no freshness, no "now"), so writing it again gives the same document.
/// </summary>
public static class EditionContent
{
    /// <summary>Rows per sheet: beyond this the sheet says how many were left out (the reports' CSV has them all).</summary>
    public const int MaxRows = 20_000;

    public static async Task<EditionDocument> BuildAsync(EditionView edition, IQuerySession session, ReportFacts facts,
        ReferenceData reference, CancellationToken ct)
    {
        var scope = edition.Scope.AsOf(edition.AsOf);
        // The facts must include every event committed when the edition was published (503 with Retry-After until then).
        var data = await ReportData.LoadAsync(session, facts, scope, edition.Position, reference, withProviderNames: true, ct);
        var needs = NeedsSupplyReportBuilder.InScope(await session.Query<NeedTimeline>().ToListAsync(ct), scope, reference);
        var reviews = await session.LoadManyAsync<Reviews.ProgrammeReviewsView>(ct, data.Programmes.Keys);
        return Build(edition, data, needs, reviews, reference);
    }

    public static EditionDocument Build(EditionView edition, ScopedData data, IReadOnlyList<NeedsSupplyReportBuilder.ScopedNeed> needs,
        IEnumerable<Reviews.ProgrammeReviewsView> reviews, ReferenceData reference)
    {
        var scope = data.Scope;
        var query = Query(scope);
        var gapsByStandard = GapsReportBuilder.Build(data, reference, "standard", GapsReportBuilder.DefaultMinOfferings);
        var gapsByDiscipline = GapsReportBuilder.Build(data, reference, "discipline", GapsReportBuilder.DefaultMinOfferings);
        var overlaps = OverlapsReportBuilder.Build(data, OverlapsReportBuilder.DefaultWithinDays,
            OverlapsReportBuilder.DefaultMinSimilarity);
        var (needLines, _, needTotals) = NeedsSupplyReportBuilder.Build(data, needs, reference, "standard");
        var reviewsAsOf = ReviewsReportBuilder.AsOf(data, reviews, reference);
        EditionSheet[] sheets =
        [
            Programmes(data, reference),
            Offerings(data, reference),
            Gaps("Gaps by standard", gapsByStandard, reference, query),
            Gaps("Gaps by discipline", gapsByDiscipline, reference, query),
            NeverReached(gapsByStandard, reference, query),
            Overlaps(overlaps, query),
            OverlapsByProvider(overlaps, query),
            Coverage(StandardsCoverageReportBuilder.Build(data, reference), query),
            Curriculum(CurriculumReportBuilder.Build(data, reference, CurriculumReportBuilder.DefaultCoreShare), query),
            Effectiveness("Effectiveness", data, "programme", query),
            Effectiveness("Effectiveness by provider", data, "provider", query),
            NeedsSupply([.. NeedsSupplyReportBuilder.InReportOrder(needLines)], needTotals, reference, query),
            Funding(FundingReportBuilder.Build(data, reference, "funder"), query),
            Reviews(ReviewsReportBuilder.Build(data, reviewsAsOf, reference), ReviewsReportBuilder.CsvRows(reviewsAsOf), query),
            Definitions(),
        ];
        return new EditionDocument(edition.Id, edition.Title, edition.AsOf, edition.PublishedAt, edition.PublisherName,
            ScopeFields(scope, data, reference), sheets);
    }

    private static IReadOnlyList<EditionField> ScopeFields(ReportScope scope, ScopedData data, ReferenceData reference) =>
    [
        new("As of", Instant(scope.AsOf)),
        new("Offerings starting", $"{scope.From:yyyy-MM-dd} to {scope.To:yyyy-MM-dd}"),
        new("Region", scope.Region is { } region ? Name(reference.Regions.FirstOrDefault(r => r.Code == region)?.Name, region) : "All"),
        new("Country group", scope.CountryGroup is { } group ? Name(reference.CountryGroupsByCode.GetValueOrDefault(group)?.Name, group) : "All countries"),
        new("Discipline", scope.Discipline ?? "All"),
        new("Standard", scope.Standard ?? "All"),
        new("Level", scope.Level ?? "All"),
        new("Provider", scope.Provider is { } provider ? Name(data.ProviderNames.GetValueOrDefault(provider), provider.ToString()) : "All"),
    ];

    /// <summary>The live reports' query string for the same figures.</summary>
    private static string Query(ReportScope scope)
    {
        var parameters = new List<string> { $"asOf={Instant(scope.AsOf)}", $"from={scope.From:yyyy-MM-dd}", $"to={scope.To:yyyy-MM-dd}" };
        if (scope.Region is { } region) parameters.Add($"region={region}");
        if (scope.CountryGroup is { } group) parameters.Add($"countryGroup={group}");
        if (scope.Discipline is { } discipline) parameters.Add($"discipline={discipline}");
        if (scope.Standard is { } standard) parameters.Add($"standard={standard}");
        if (scope.Level is { } level) parameters.Add($"level={level}");
        if (scope.Provider is { } provider) parameters.Add($"provider={provider}");
        return string.Join("&", parameters);
    }

    private static EditionSheet Programmes(ScopedData data, ReferenceData reference)
    {
        var codes = reference.Ordinals;
        var regionInScope = data.Scope.Region is { } region ? 1UL << codes.Regions.OrdinalOf(region) : ulong.MaxValue;
        var group = data.Scope.GroupMembers(reference);
        var offerings = data.Offerings.GroupBy(o => o.ProgrammeId).ToDictionary(g => g.Key, g => g.ToArray());
        // A programme is in the inventory when it has an offering in scope or serves the scope's region and group.
        var listed = data.Programmes.Values
            .Where(p => offerings.ContainsKey(p.Id)
                        || ((p.ServedRegions & regionInScope) != 0 && (group is not { } members || p.Countries.CountIn(members) > 0)))
            .OrderBy(p => p.Version.Title, StringComparer.Ordinal).ThenBy(p => p.Id).ToArray();
        var asOfDate = DateOnly.FromDateTime(data.Scope.AsOf.UtcDateTime);
        return Sheet("Programmes", "Inventory of programmes",
            ["Programmes in force at asOf matching the filters, with their offerings starting in the date range: those that " +
             "serve the region (and country group) in scope, and any with an offering counted there."],
            [new("Programme"), new("Provider"), new("Co-organisers"), new("Level"), new("Standards"), new("Disciplines"),
             new("Regions served"), new("Status"), new("Offerings", Total: true), new("Delivered", Total: true),
             new("Planned", Total: true), new("Cancelled", Total: true), new("Seats", Total: true), new("Programme id")],
            listed.Select(p =>
            {
                var own = offerings.GetValueOrDefault(p.Id) ?? [];
                return (IReadOnlyList<object?>)
                [
                    p.Version.Title, ProviderName(data, p.Version.ProviderId),
                    string.Join(", ", (p.Version.CoOrganisers ?? []).Select(id => ProviderName(data, id))),
                    p.Version.Level, Join(p.Version.Standards), Join(p.Version.Disciplines), Join(p.Version.ServedRegions),
                    p.Version.Retired ? "retired" : "active", own.Length,
                    own.Count(o => !o.Counts.Cancelled && o.Offering.EndDate <= asOfDate),
                    own.Count(o => !o.Counts.Cancelled && o.Offering.StartDate > asOfDate),
                    own.Count(o => o.Counts.Cancelled), own.Where(o => o.IsSupply).Sum(o => o.Counts.Capacity), p.Id,
                ];
            }));
    }

    private static EditionSheet Offerings(ScopedData data, ReferenceData reference)
    {
        var asOfDate = DateOnly.FromDateTime(data.Scope.AsOf.UtcDateTime);
        return Sheet("Offerings", "Inventory of offerings, past and planned",
            ["Offerings starting in the date range and counted in the scope, as they stood at asOf, by start date. " +
             "Status: delivered (ended by asOf), under way, planned (starts after asOf) or cancelled. Seats of cancelled " +
             "offerings are not counted in the total. Completed and passed add tracked enrolments and reported participation."],
            [new("Start"), new("End"), new("Programme"), new("Provider"), new("Mode"), new("Venue"), new("Language"),
             new("Status"), new("Seats", Total: true), new("Confirmed", Total: true), new("Waitlisted", Total: true),
             new("Completed", Total: true), new("Passed", Total: true), new("Reported participants", Total: true),
             new("Offering id")],
            data.Offerings.Select(o =>
            {
                var (version, counts) = (o.Offering, o.Counts);
                var status = counts.Cancelled ? "cancelled"
                    : version.EndDate <= asOfDate ? "delivered"
                    : version.StartDate > asOfDate ? "planned"
                    : "under way";
                return (IReadOnlyList<object?>)
                [
                    version.StartDate, version.EndDate, o.Programme.Version.Title, ProviderName(data, o.ProviderId),
                    version.DeliveryMode, version.VenueCountry is { } venue ? reference.CountryName(venue) : null,
                    version.Language, status, counts.Cancelled ? 0 : counts.Capacity, counts.Confirmed, counts.Waitlisted,
                    counts.Completed + (counts.Reported?.Completed ?? 0), counts.Passed + (counts.Reported?.Passed ?? 0),
                    counts.Reported?.Participants ?? 0, o.OfferingId,
                ];
            }));
    }

    private static EditionSheet Gaps(string name, GapsReport report, ReferenceData reference, string query) =>
        Sheet(name, $"Gaps against supply, by region and {report.Dimension}",
            [$"GET /api/reports/gaps?dimension={report.Dimension}&minOfferings={report.MinOfferings}&{query}",
             "An offering counts in every region it counts in and under every value of its programme, so the totals add " +
             "cells, not distinct offerings. Status: uncovered (no offering), oversubscribed (waitlist and every seat " +
             $"taken), thin (fewer than {report.MinOfferings} offerings), covered."],
            [new("Region"), new("Code"), new("Name"), new("Offerings", Total: true), new("Seats", Total: true),
             new("Confirmed", Total: true), new("Waitlisted", Total: true), new("Completed", Total: true),
             new("Passed", Total: true), new("Countries reached"), new("Status"), new("Reported participants", Total: true)],
            report.Cells.Select(c => (IReadOnlyList<object?>)
            [
                c.Region, c.Value, ValueName(report.Dimension, c.Value, reference), c.Offerings, c.Seats, c.Confirmed,
                c.Waitlisted, c.Completed, c.Passed, c.CountriesReached, c.Status, c.Reported.Participants,
            ]));

    private static EditionSheet NeverReached(GapsReport report, ReferenceData reference, string query) =>
        Sheet("Never reached", "Countries never reached, per region",
            [$"GET /api/reports/gaps?{query} (regions[].membersWithoutCompletedTrainee)",
             "Member countries of each region with no completed trainee residing there and no reported participant from " +
             "there, over the offerings in scope."],
            [new("Region"), new("Country code"), new("Country")],
            report.Regions.SelectMany(r => r.MembersWithoutCompletedTrainee.Select(country =>
                (IReadOnlyList<object?>)[r.Region, country, reference.CountryName(country)])));

    private static EditionSheet Overlaps(OverlapsReport report, string query) =>
        Sheet("Overlaps", "Possible duplication between providers",
            [$"GET /api/reports/overlaps?withinDays={report.WithinDays}&minSimilarity={report.MinSimilarity}&limit={report.Limit}&{query}",
             $"{report.TotalPairs} pairs of offerings by different organisers (no organiser in common) with the same level " +
             $"and language, in the same place, within {report.WithinDays} days, with a similarity of at least " +
             $"{report.MinSimilarity} (Jaccard, on standards; on disciplines when neither names a standard); the first " +
             $"{report.Limit} listed, most similar first."],
            [new("Similarity"), new("Basis"), new("Shared"), new("Days apart"), new("First provider"), new("First programme"),
             new("First start"), new("First venue"), new("Second provider"), new("Second programme"), new("Second start"),
             new("Second venue"), new("First offering id"), new("Second offering id")],
            report.Pairs.Select(p => (IReadOnlyList<object?>)
            [
                p.Similarity, p.Basis, Join(p.Shared), p.DaysApart, p.First.ProviderName, p.First.ProgrammeTitle,
                p.First.StartDate, p.First.VenueCountry, p.Second.ProviderName, p.Second.ProgrammeTitle, p.Second.StartDate,
                p.Second.VenueCountry, p.First.OfferingId, p.Second.OfferingId,
            ]));

    private static EditionSheet OverlapsByProvider(OverlapsReport report, string query) =>
        Sheet("Overlaps by provider", "Possible duplication per pair of providers",
            [$"GET /api/reports/overlaps?{query} (providerPairs)",
             $"{report.TotalProviderPairs} pairs of providers; the first {report.Limit}, most pairs first."],
            [new("First provider"), new("Second provider"), new("Pairs", Total: true), new("Highest similarity")],
            report.ProviderPairs.Select(p => (IReadOnlyList<object?>)
                [p.FirstProviderName, p.SecondProviderName, p.Pairs, p.MaxSimilarity]));

    private static EditionSheet Coverage(StandardsCoverageReport report, string query) =>
        Sheet("Standards coverage", "Coverage of the standards endorsed by the UN Statistical Commission",
            [$"GET /api/reports/standards-coverage?{query}",
             $"Every standard, taught or not. Coverage = countries reached / {report.MemberCountriesInScope} member " +
             "countries in scope. An offering naming several standards counts under each."],
            [new("Standard"), new("Title"), new("Programmes"), new("Offerings"), new("Seats"), new("Confirmed"),
             new("Completed"), new("Passed"), new("Mean standard score"), new("Scored assessments"), new("Regions reached"),
             new("Countries reached"), new("Coverage"), new("Reported participants")],
            report.Standards.Select(s => (IReadOnlyList<object?>)
            [
                s.Standard, s.Title, s.Programmes, s.Offerings, s.Seats, s.Confirmed, s.Completed, s.Passed,
                s.MeanStandardScore, s.ScoredAssessments, Join(s.RegionsReached), s.CountriesReached.Count, s.Coverage,
                s.Reported.Participants,
            ]));

    private static EditionSheet Curriculum(CurriculumReport report, string query) =>
        Sheet("Curriculum", "Main elements of the training programmes",
            [$"GET /api/reports/curriculum?coreShare={report.CoreShare}&{query}",
             $"{report.ProgrammesWithCurriculum} of {report.ProgrammesInScope} programmes in scope describe their modules; " +
             $"{report.ProgrammesTrainingTrainers} train trainers. Core: taught by at least {report.CoreShare:0.##} of the " +
             $"programmes with a curriculum ({report.Core.Count} elements); {report.TaughtNowhere.Count} elements are taught nowhere."],
            [new("Element"), new("Standard"), new("Title"), new("Programmes"), new("Share of programmes"), new("Core"),
             new("Offerings"), new("Trainees"), new("Completed"), new("Trainers trained")],
            report.Elements.Select(e => (IReadOnlyList<object?>)
            [
                e.Element, e.Standard, e.Title, e.Programmes, e.ShareOfProgrammes, e.Core ? "core" : e.Programmes == 0 ? "taught nowhere" : null,
                e.Offerings, e.Trainees, e.Completed, e.TrainersTrained,
            ]));

    private static EditionSheet Reviews(ReviewsReport report, IEnumerable<ReviewCsvRow> rows, string query) =>
        Sheet("Programme reviews", "Whether the programmes are strategically designed: the analysts' reviews",
            [$"GET /api/reports/reviews?{query}",
             $"{report.Reviewed} of {report.Programmes} programmes reviewed by asOf (the latest review of each): " +
             string.Join(", ", report.ByRecommendation.Select(r => $"{r.Programmes} {r.Name.ToLowerInvariant()}")) + ". " +
             "Criteria most often unmet (scored 0 or 1 of 3): " +
             string.Join(", ", report.Criteria.Where(c => c.Unmet > 0).Take(3).Select(c => $"{c.Name.ToLowerInvariant()} ({c.Unmet})")) + "."],
            [new("Programme"), new("Provider"), new("Recommendation"), new("Reviewed at"), new("Aligned to standards"),
             new("Designed from a need"), new("Learning assessed"), new("Results followed up"), new("Lasting capacity"),
             new("Cost known"), new("Mean score"), new("Programme id")],
            rows.Select(r => (IReadOnlyList<object?>)
            [
                r.Title, r.Provider, r.Recommendation, r.ReviewedAt, r.AlignedToStandards, r.DesignedFromNeed,
                r.LearningAssessed, r.ResultsFollowedUp, r.LastingCapacity, r.CostKnown, r.MeanScore, r.ProgrammeId,
            ]));

    private static EditionSheet Effectiveness(string name, ScopedData data, string by, string query)
    {
        var lines = EffectivenessOrder.Sorted(EffectivenessReportBuilder.Lines(data, by), EffectivenessOrder.ByName,
            descending: false);
        return Sheet(name, $"Effectiveness by {by}",
            [$"GET /api/reports/effectiveness?by={by}&{query}",
             by == "provider"
                 ? "A joint programme's offerings count for each organiser (provider and co-organisers), so the totals may " +
                   "exceed the offerings'."
                 : "Delivered: not cancelled and ended by asOf. Fill rate = confirmed / seats; completion rate = completed / " +
                   "(confirmed + reported participants); pass rate = passed / completed. Evaluation: reaction answers " +
                   "(satisfaction 1-5) and follow-up answers, per enrolment and from providers' summaries together; " +
                   "applied rate = applied at work / follow-ups; response rate = follow-ups / completed."],
            [new("Name"), new("Scheduled", Total: true), new("Delivered", Total: true), new("Cancelled", Total: true),
             new("Cancellation rate"), new("Seats", Total: true), new("Confirmed", Total: true), new("Fill rate"),
             new("Completed", Total: true), new("Completion rate"), new("Passed", Total: true), new("Pass rate"),
             new("Mean pre-post gain"), new("Gain pairs", Total: true), new("Reported participants", Total: true),
             new("Evaluation answers", Total: true), new("Mean satisfaction"), new("Follow-ups", Total: true),
             new("Applied rate"), new("Follow-up response rate"), new("Id")],
            lines.Select(l => (IReadOnlyList<object?>)
            [
                l.Name, l.OfferingsScheduled, l.OfferingsDelivered, l.OfferingsCancelled, l.CancellationRate, l.Seats,
                l.Confirmed, l.FillRate, l.Completed, l.CompletionRate, l.Passed, l.PassRate, l.MeanPrePostGain,
                l.GainPairs, l.Reported.Participants, l.Evaluation.Reactions, l.Evaluation.MeanSatisfaction,
                l.Evaluation.FollowUps, l.Evaluation.AppliedRate, l.Evaluation.FollowUpResponseRate, l.Id,
            ]));
    }

    private static EditionSheet NeedsSupply(IReadOnlyList<NeedSupplyLine> lines, NeedsSupplyTotals totals,
        ReferenceData reference, string query) =>
        Sheet("Needs vs supply", "Recorded training needs against the supply that could serve them",
            [$"GET /api/reports/needs-supply?{query}",
             $"{totals.Needs} needs: {totals.Unmet} unmet, {totals.PartlyMet} partly met, {totals.Met} met; " +
             $"{totals.TraineesNeeded} trainees needed, {totals.UnmetTrainees} unmet."],
            [new("Country code"), new("Country"), new("Standards"), new("Disciplines"), new("Level"), new("Languages"),
             new("Priority"), new("Needed by"), new("Source"), new("Trainees needed", Total: true),
             new("Serving offerings"), new("Seats offered"), new("Unmet trainees", Total: true), new("Marked met"),
             new("Status"), new("Need id")],
            lines.Select(l => (IReadOnlyList<object?>)
            [
                l.Country, reference.CountryName(l.Country), Join(l.Standards), Join(l.Disciplines), l.Level,
                Join(l.Languages), l.Priority, l.NeededBy, l.Source, l.TraineesNeeded, l.ServingOfferings, l.SeatsOffered,
                l.UnmetTrainees, l.MarkedMet, l.Status, l.NeedId,
            ]));

    private static EditionSheet Funding(FundingReport report, string query) =>
        Sheet("Funding", "Who funds what, by funder and currency",
            [$"GET /api/reports/funding?by=funder&{query}",
             $"{report.OfferingsWithFunding} of {report.Offerings} offerings in scope have funding recorded and " +
             $"{report.OfferingsWithCost} a total cost. One row per funder and currency: amounts in different currencies " +
             "are never added, so the sheet has no total."],
            [new("Funder"), new("Currency"), new("Offerings funded"), new("Grant"), new("In kind"), new("Own budget"),
             new("Funding"), new("Offerings costed"), new("Total cost"), new("Completed trainees"),
             new("Cost per completed trainee"), new("Funder id")],
            report.Rows.Select(r => (IReadOnlyList<object?>)
            [
                r.Name, r.Currency, r.OfferingsFunded, r.Grant, r.InKind, r.OwnBudget, r.Funding, r.OfferingsCosted,
                r.TotalCost, r.CompletedTrainees, r.CostPerCompletedTrainee, r.Key,
            ]));

    private static EditionSheet Definitions() =>
        Sheet("Definitions", "Definitions",
            ["The rules every figure of this edition follows (the README of TrainingHub states them in full)."],
            [new("Term"), new("Definition")],
            EditionDefinitions.All.Select(d => (IReadOnlyList<object?>)[d.Term, d.Definition]));

    private static EditionSheet Sheet(string name, string title, IReadOnlyList<string> notes,
        IReadOnlyList<EditionColumn> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var kept = new List<IReadOnlyList<object?>>();
        var left = 0;
        foreach (var row in rows)
            if (kept.Count < MaxRows) kept.Add(row);
            else left++;
        return new EditionSheet(name, title, notes, columns, kept, left);
    }

    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string Join(IEnumerable<string> codes) => string.Join(", ", codes);

    private static string Name(string? name, string fallback) => name ?? fallback;

    private static string ProviderName(ScopedData data, Guid id) => data.ProviderNames.GetValueOrDefault(id) ?? id.ToString();

    private static string ValueName(string dimension, string code, ReferenceData reference) => dimension switch
    {
        "standard" => reference.StandardTitle(code),
        "discipline" => reference.DisciplineName(code),
        _ => code,
    };
}
