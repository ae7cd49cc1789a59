using System.Security.Claims;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Needs;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Imports;

/// <summary>
/// A needs assessment as CSV: one need per row, the columns named as the API's fields; lists separated by ';', ','
/// or spaces.
/// </summary>
public static class NeedImportFile
{
    public const int MaxRows = 5_000;

    public static readonly string[] Columns =
    [
        "country", "standards", "disciplines", "level", "targetAudiences", "languages", "estimatedTrainees", "priority",
        "neededBy", "source", "sourceReference", "notes",
    ];

    public static string Template() => CsvImport.Template(Columns,
    [
        "KGZ", "UN-RSIM-R1;EGMS-CF-2021", "demography", "intermediate", "nso;migration-agency", "ru", "30", "high",
        "2027-10-01", "global-assessment", "Global Assessment of the National Statistical System of Kyrgyzstan", "",
    ]);

    public sealed record Row(int Number, NeedInput Need);

    public static (IReadOnlyList<Row> Rows, ProblemList<ImportProblem> Problems) Read(Stream content, ReferenceData reference,
        NeedAuthority authority) =>
        CsvImport.Read(content, Columns, ["country", "estimatedTrainees", "source"], MaxRows, cells =>
        {
            var before = cells.Problems.Total;
            var need = new NeedInput(cells.Text("country"), cells.List("standards"), cells.List("disciplines"),
                cells.Text("level"), cells.List("targetAudiences"), cells.List("languages"), cells.Number("estimatedTrainees"),
                cells.Text("priority"), cells.Date("neededBy"), cells.Text("source"), cells.Text("sourceReference"),
                cells.Text("notes"));
            if (cells.Problems.Total == before) cells.AddProblems(NeedInput.Validate(need, reference));
            if (cells.Problems.Total == before) cells.AddProblems(authority.CheckRecord(need.Country!));
            return cells.Problems.Total == before ? new Row(cells.Row, need) : null;
        });

    /// <summary>
    /// A row's id derives from the recording organisation and the row's content, so posting the same file again records
    /// nothing twice (those rows are counted as already recorded).
    /// </summary>
    public static Guid IdOf(Guid recordedBy, NeedDetails need) => ImportProgrammes.DeterministicId(string.Join('|',
        "need", recordedBy, need.Country, string.Join(';', need.Standards), string.Join(';', need.Disciplines), need.Level,
        string.Join(';', need.TargetAudiences), string.Join(';', need.Languages), need.EstimatedTrainees, need.Priority,
        need.NeededBy?.ToString("yyyy-MM-dd"), need.Source, need.SourceReference, need.Notes));
}

public sealed record NeedImportResult(int Rows, int Recorded, int AlreadyRecorded, IReadOnlyList<Guid> Needs);

public static class ImportNeedsEndpoint
{
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>
    /// All or nothing: every row is checked with the API's rules and the caller's right to speak for the row's country
    /// (422 lists the first problems and counts the rest; nothing is written), then every need is recorded in one
    /// transaction. Answers with the needs' ids in row order.
    /// </summary>
    [WolverinePost("/api/imports/needs", OperationId = "importNeeds")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [RequestSizeLimit(MaxBytes)]
    [Consumes("text/csv")]
    [ProducesResponseType<NeedImportResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(HttpRequest request, ClaimsPrincipal user, IDocumentSession session,
        ReferenceData reference, CancellationToken ct)
    {
        var (content, refusal) = await CsvImport.ReadBodyAsync(request, MaxBytes, "/api/imports/needs/template", ct);
        if (refusal is not null) return refusal;
        await using var buffer = content!;

        var caller = user.Caller();
        var authority = await GetTrainingNeedEndpoints.AuthorityAsync(session, caller, reference, ct);
        var (rows, problems) = NeedImportFile.Read(buffer, reference, authority);
        if (problems.Total > 0) return CsvImport.Rejected(problems);

        var planned = rows.Select(r => RecordTrainingNeed.Decide(r.Need,
            NeedImportFile.IdOf(caller.OrganisationId, r.Need.ToDetails()), caller.OrganisationId)).ToArray();
        var ids = planned.Select(e => e.NeedId).Distinct().ToArray();
        var existing = (await session.LoadManyAsync<TrainingNeedView>(ct, ids)).Select(n => n.Id).ToHashSet();
        var recorded = 0;
        foreach (var need in planned.DistinctBy(e => e.NeedId).Where(e => !existing.Contains(e.NeedId)))
        {
            session.Events.StartStream<TrainingNeed>(need.NeedId, need);
            recorded++;
        }
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(new NeedImportResult(rows.Count, recorded, rows.Count - recorded, [.. planned.Select(e => e.NeedId)]));
    }
}

public static class GetNeedImportTemplateEndpoint
{
    [WolverineGet("/api/imports/needs/template", OperationId = "getNeedImportTemplate")]
    [Produces("text/csv")]
    public static IResult Get() =>
        TypedResults.Text(NeedImportFile.Template(), "text/csv; charset=utf-8", Encoding.UTF8);
}
