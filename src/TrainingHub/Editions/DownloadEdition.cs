using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using TrainingHub.Reports;
using Wolverine.Http;

namespace TrainingHub.Editions;

/// <summary>
/// An edition as a workbook or as a printable page, written from the reports as of the edition's asOf each time it is
/// asked: the same edition always gives the same bytes, and its figures are the live reports' for that asOf.
/// </summary>
public static class DownloadEditionEndpoints
{
    public const string WorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [WolverineGet("/api/editions/{id}/workbook", OperationId = "downloadEditionWorkbook")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [Produces(WorkbookType)]
    [ProducesResponseType<Stream>(StatusCodes.Status200OK, WorkbookType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Workbook(Guid id, IQuerySession session, ReportFacts facts, ReferenceData reference,
        CancellationToken ct)
    {
        if (await session.LoadAsync<EditionView>(id, ct) is not { } edition)
            return TypedResults.Problem(Problems.NotFound("Edition", id));
        var document = await EditionContent.BuildAsync(edition, session, facts, reference, ct);
        return TypedResults.File(EditionWorkbook.Write(document), WorkbookType, FileName(edition, "xlsx"));
    }

    [WolverineGet("/api/editions/{id}/document", OperationId = "downloadEditionDocument")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [Produces("text/html")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/html")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Document(Guid id, IQuerySession session, ReportFacts facts, ReferenceData reference,
        CancellationToken ct)
    {
        if (await session.LoadAsync<EditionView>(id, ct) is not { } edition)
            return TypedResults.Problem(Problems.NotFound("Edition", id));
        var document = await EditionContent.BuildAsync(edition, session, facts, reference, ct);
        return TypedResults.Content(EditionPage.Render(document), "text/html; charset=utf-8");
    }

    private static string FileName(EditionView edition, string extension) =>
        $"mapping-edition-{edition.AsOf.UtcDateTime:yyyy-MM-dd}-{edition.Id:N}.{extension}";
}
