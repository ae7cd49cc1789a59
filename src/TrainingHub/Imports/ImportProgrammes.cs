using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Hosting;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using TrainingHub.Reports;
using Wolverine;
using Wolverine.Http;

namespace TrainingHub.Imports;

public sealed record PlannedOffering(OfferingScheduled Scheduled, ParticipationReported? Reported,
    OfferingFundingRecorded? Funding = null);

/// <summary>Everything one import will append, decided before anything is written.</summary>
public sealed record RunProgrammeImport(Guid ImportId, Guid ActingOrganisationId, IReadOnlyList<ProgrammeRegistered> Programmes,
    IReadOnlyList<PlannedOffering> Offerings);

public static class ImportProgrammes
{
    public const int MaxRows = 20_000;

    /// <summary>
    /// A row is recognised by its provider and programme title (case and spacing ignored): a programme that already
    /// exists (imported or registered through the API) is not registered again, and an offering is recognised by
    /// its programme, dates, delivery mode and venue. Imported ids derive from those keys, so two imports of one file
    /// racing each other collide in the event store instead of duplicating.
    /// </summary>
    public static (RunProgrammeImport? Plan, ProblemList<ImportProblem> Problems, int ExistingProgrammes, int ExistingOfferings)
        Plan(Guid importId, IReadOnlyList<ImportRow> rows, Caller caller, IReadOnlyDictionary<string, Guid> providersByCode,
            IReadOnlyDictionary<(Guid, string), ProgrammeView> existingProgrammes, IReadOnlySet<string> existingOfferings)
    {
        var problems = new ProblemList<ImportProblem>();
        var programmes = new Dictionary<Guid, ProgrammeRegistered>();
        var offerings = new Dictionary<Guid, PlannedOffering>();
        var seenProgrammes = new HashSet<Guid>();
        var seenOfferings = new HashSet<string>();
        var existingOfferingsSeen = 0;
        var organisations = providersByCode.Values.ToHashSet();
        foreach (var row in rows)
        {
            if (!providersByCode.TryGetValue(row.ProviderCode, out var providerId))
            {
                problems.Add(new ImportProblem(row.Row, "provider", row.ProviderCode, "No organisation has this code."));
                continue;
            }
            if (!caller.MayChange(providerId))
            {
                problems.Add(new ImportProblem(row.Row, "provider", row.ProviderCode,
                    "A provider imports its own programmes only; admin imports for any provider."));
                continue;
            }

            var title = Normalise(row.Programme.Title!);
            Guid programmeId;
            Programme programme;
            if (existingProgrammes.TryGetValue((providerId, title), out var existing))
            {
                programmeId = existing.Id;
                // The existing programme is left as it is; its languages decide which offerings it can take.
                programme = new Programme(existing.Id, providerId, row.Programme.ToDetails() with { Languages = existing.Languages }, false);
                seenProgrammes.Add(programmeId);
            }
            else
            {
                programmeId = DeterministicId($"programme:{providerId}:{title}");
                if (!programmes.ContainsKey(programmeId))
                    programmes[programmeId] = RegisterProgramme.Decide(row.Programme, programmeId, providerId);
                programme = Programme.Create(programmes[programmeId]);
            }

            if (row.Offering is not { } offering) continue;
            var offeringKey = OfferingKey(programmeId, offering.StartDate!.Value, offering.EndDate!.Value,
                offering.DeliveryMode!, offering.VenueCountry);
            if (existingOfferings.Contains(offeringKey))
            {
                existingOfferingsSeen++;
                continue;
            }
            if (!seenOfferings.Add(offeringKey)) continue;
            var offeringId = DeterministicId("offering:" + offeringKey);
            if (!programme.Details.Languages.Contains(offering.Language!))
            {
                problems.Add(new ImportProblem(row.Row, "offeringLanguage", Problems.Echo(offering.Language),
                    "Not one of the existing programme's languages."));
                continue;
            }
            var scheduled = ScheduleOffering.Decide(offering, programme, offeringId);
            var funded = row.Funding is { } funding ? PlanFunding(row, funding, scheduled, providersByCode, organisations, problems) : null;
            offerings[offeringId] = new PlannedOffering(scheduled,
                row.Reported is { } r ? ReportParticipation.Decide(r, Offering.Create(scheduled)).OfType<ParticipationReported>().Single() : null,
                funded);
        }

        return problems.Total > 0
            ? (null, problems, 0, 0)
            : (new RunProgrammeImport(importId, caller.OrganisationId, [.. programmes.Values], [.. offerings.Values]), problems,
                seenProgrammes.Count, existingOfferingsSeen);
    }

    /// <summary>Funders named by code, checked with the API's funding rules; null (and problems) when one fails.</summary>
    private static OfferingFundingRecorded? PlanFunding(ImportRow row, ImportedFunding funding, OfferingScheduled scheduled,
        IReadOnlyDictionary<string, Guid> organisationsByCode, IReadOnlySet<Guid> organisations, ProblemList<ImportProblem> problems)
    {
        var unknown = funding.Lines.Where(l => !organisationsByCode.ContainsKey(l.FunderCode)).Select(l => l.FunderCode).Distinct().ToArray();
        foreach (var code in unknown) problems.Add(new ImportProblem(row.Row, "funding", code, "No organisation has this code."));
        if (unknown.Length > 0) return null;
        var command = new RecordOfferingFunding(funding.TotalCost,
            [.. funding.Lines.Select(l => l.Line with { Funder = organisationsByCode[l.FunderCode] })]);
        // The provider's ownership was settled for the row; the figures go through the API's own rules.
        var errors = RecordOfferingFunding.Check(command, organisations, ReferenceData.Current);
        if (errors.IsEmpty)
            return RecordOfferingFunding.Decide(command, Offering.Create(scheduled)).OfType<OfferingFundingRecorded>().SingleOrDefault();
        foreach (var (field, messages) in errors.ToDictionary())
            problems.Add(new ImportProblem(row.Row, field.StartsWith("totalCost", StringComparison.Ordinal) ? "totalCost" : "funding",
                null, $"{field}: {string.Join(" ", messages)}"));
        return null;
    }

    public static string OfferingKey(Guid programmeId, DateOnly start, DateOnly end, string deliveryMode, string? venue) =>
        $"{programmeId}:{start:yyyy-MM-dd}:{end:yyyy-MM-dd}:{deliveryMode}:{venue}";

    public static string Normalise(string title) => string.Join(' ', title.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    public static Guid DeterministicId(string key)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(key))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8: custom, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}

public static class ImportProgrammesEndpoint
{
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>
    /// Validates the whole file at once (422 lists the first problems and counts the rest, nothing is written), then
    /// answers 202 with the import's status resource while the programmes are appended in the background, all in one
    /// transaction. The body is held to <see cref="MaxBytes"/> by the request body limit (Hosting/RequestBodyLimit.cs) while it is read.
    /// </summary>
    [WolverinePost("/api/imports/programmes", OperationId = "importProgrammes")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [RequestSizeLimit(MaxBytes)]
    [Consumes("text/csv")]
    [ProducesResponseType<ImportJob>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(HttpRequest request, ClaimsPrincipal user, IDocumentSession session,
        IMessageBus bus, ReferenceData reference, CancellationToken ct)
    {
        var (content, refusal) = await CsvImport.ReadBodyAsync(request, MaxBytes, "/api/imports/programmes/template", ct);
        if (refusal is not null) return refusal;
        await using var buffer = content!;

        var (rows, problems) = ProgrammeImportFile.Read(buffer, reference, ImportProgrammes.MaxRows);
        if (problems.Total > 0) return CsvImport.Rejected(problems);

        var caller = user.Caller();
        // Providers, and the organisations named as funders.
        var codes = rows.Select(r => r.ProviderCode)
            .Concat(rows.SelectMany(r => r.Funding?.Lines.Select(l => l.FunderCode) ?? [])).Distinct().ToArray();
        var providers = await session.Query<OrganisationView>().Where(o => o.Code != null && o.Code.IsOneOf(codes)).ToListAsync(ct);
        var providerIds = providers.Where(p => rows.Any(r => r.ProviderCode == p.Code)).Select(p => p.Id).ToArray();
        var programmes = await session.Query<ProgrammeView>().Where(p => p.ProviderId.IsOneOf(providerIds)).ToListAsync(ct);
        var existingProgrammes = programmes
            .GroupBy(p => (p.ProviderId, ImportProgrammes.Normalise(p.Title)))
            .ToDictionary(g => g.Key, g => g.First());
        var programmeIds = programmes.Select(p => p.Id).ToArray();
        var existingOfferings = (await session.Query<OfferingView>().Where(o => o.ProgrammeId.IsOneOf(programmeIds)).ToListAsync(ct))
            .Select(o => ImportProgrammes.OfferingKey(o.ProgrammeId, o.StartDate, o.EndDate, o.DeliveryMode, o.VenueCountry))
            .ToHashSet();

        var importId = Guid.CreateVersion7();
        var (plan, planProblems, existingProgrammeCount, existingOfferingCount) = ImportProgrammes.Plan(importId, rows, caller,
            providers.ToDictionary(p => p.Code!, p => p.Id), existingProgrammes, existingOfferings);
        if (planProblems.Total > 0) return CsvImport.Rejected(planProblems);

        var accepted = new ProgrammeImportAccepted(importId, caller.OrganisationId, "upload.csv", rows.Count,
            plan!.Programmes.Count, plan.Offerings.Count, existingProgrammeCount, existingOfferingCount);
        session.Events.StartStream<ImportJob>(importId, accepted);
        await bus.PublishAsync(plan);
        await session.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/imports/{importId}", await session.LoadAsync<ImportJob>(importId, ct));
    }
}

/// <summary>Appends an accepted import: every programme and offering, and the completion, in one transaction.</summary>
public static class RunProgrammeImportHandler
{
    public static async Task Handle(RunProgrammeImport import, IDocumentStore store, ILogger<RunProgrammeImport> logger,
        CancellationToken ct)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = import.ActingOrganisationId.ToString();
            foreach (var programme in import.Programmes)
                session.Events.StartStream<Programme>(programme.ProgrammeId, programme);
            foreach (var offering in import.Offerings)
            {
                object[] events = [offering.Scheduled, .. new object?[] { offering.Reported, offering.Funding }.OfType<object>()];
                session.Events.StartStream<Offering>(offering.Scheduled.OfferingId, events);
            }
            session.Events.Append(import.ImportId, new ProgrammeImportCompleted(import.ImportId, import.Programmes.Count, import.Offerings.Count));
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Import {ImportId} failed; nothing was appended", import.ImportId);
            await using var session = store.LightweightSession();
            session.LastModifiedBy = import.ActingOrganisationId.ToString();
            session.Events.Append(import.ImportId, new ProgrammeImportFailed(import.ImportId,
                e is Marten.Exceptions.ExistingStreamIdCollisionException || DatabaseErrors.IsUniqueViolation(e)
                    ? "Some of these programmes or offerings were imported meanwhile (the same file twice at once?); post the file again."
                    : "The import could not be written; post the file again."));
            await session.SaveChangesAsync(ct);
        }
    }
}

public static class GetImportEndpoint
{
    [WolverineGet("/api/imports/{id}", OperationId = "getImport")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<ImportJob>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClaimsPrincipal user, HttpResponse response,
        CancellationToken ct)
    {
        var job = await session.LoadAsync<ImportJob>(id, ct);
        if (job is null || !user.Caller().MayChange(job.OrganisationId)) return TypedResults.Problem(Problems.NotFound("Import", id));
        if (job.Status == ImportJob.Completed)
        {
            // The import was written in the background, after the upload answered: a finished import tells a position
            // that includes its events (every event committed by now), to ask reports with as minPosition.
            var committed = await FactPositions.ReadAsync(session, ct);
            response.Headers[EventPositionHeader.Name] = committed.Committed.ToString(CultureInfo.InvariantCulture);
        }
        return TypedResults.Ok(job);
    }
}

public static class GetImportTemplateEndpoint
{
    [WolverineGet("/api/imports/programmes/template", OperationId = "getImportTemplate")]
    [Produces("text/csv")]
    public static IResult Get() =>
        TypedResults.Text(ProgrammeImportFile.Template(), "text/csv; charset=utf-8", Encoding.UTF8);
}
