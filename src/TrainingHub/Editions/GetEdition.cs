using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Editions;

public sealed class EditionView
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset AsOf { get; set; }
    public EditionScope Scope { get; set; } = new(default, default, null, null, null, null, null, null);
    /// <summary>The event store position the reports must include before the edition is written.</summary>
    public long Position { get; set; }
    public Guid PublishedBy { get; set; }
    public string PublisherName { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
    public string Workbook { get; set; } = "";
    public string Document { get; set; } = "";
}

public sealed partial class EditionViewProjection : SingleStreamProjection<EditionView, Guid>
{
    public EditionView Create(IEvent<MappingEditionPublished> e) => From(e.Data);

    public static EditionView From(MappingEditionPublished e) => new()
    {
        Id = e.EditionId,
        Title = e.Title,
        AsOf = e.AsOf,
        Scope = e.Scope,
        Position = e.Position,
        PublishedBy = e.PublishedBy,
        PublisherName = e.PublisherName,
        PublishedAt = e.PublishedAt,
        Workbook = $"/api/editions/{e.EditionId}/workbook",
        Document = $"/api/editions/{e.EditionId}/document",
    };
}

public static class GetEditionEndpoints
{
    [WolverineGet("/api/editions/{id}", OperationId = "getEdition")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<EditionView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<EditionView>(id, ct) is { } edition
            ? TypedResults.Ok(edition)
            : TypedResults.Problem(Problems.NotFound("Edition", id));

    /// <summary>Every edition, the latest published first.</summary>
    [WolverineGet("/api/editions", OperationId = "listEditions")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<PagedResult<EditionView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        var problem = Problems.Invalid(new ValidationErrors().CheckPaging(page, pageSize));
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        return TypedResults.Ok(await session.Query<EditionView>().OrderByDescending(e => e.PublishedAt).ThenBy(e => e.Id)
            .ToPageAsync(page, pageSize, ct));
    }
}
