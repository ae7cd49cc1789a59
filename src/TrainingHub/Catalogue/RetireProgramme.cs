using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record RetireProgramme(string? Reason)
{
    public static ProblemDetails Validate(RetireProgramme? command, Programme? programme, Guid programmeId, Caller caller) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(programme, programmeId, caller),
            () => CatalogueRules.Active(programme!),
            () => Problems.Invalid(new ValidationErrors()
                .When(command?.Reason is { Length: > 1000 }, "reason", "At most 1000 characters.")));

    public static ProgrammeRetired Decide(RetireProgramme? command, Programme programme) =>
        new(programme.Id, string.IsNullOrWhiteSpace(command?.Reason) ? null : command.Reason.Trim());
}

public static class RetireProgrammeEndpoint
{
    public static Task<Programme?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Programme>(id, ct);

    public static ProblemDetails Validate(Guid id, RetireProgramme? command, Programme? programme, ClaimsPrincipal user,
        HttpRequest request) => Problems.FirstOf(
        () => RetireProgramme.Validate(command, programme, id, user.Caller()),
        () => Versioning.CheckIfMatch(request, programme!.Version, required: false));

    [AcceptsIfMatch]
    [WolverinePost("/api/programmes/{id}/retire", OperationId = "retireProgramme")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<ProgrammeView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(Guid id, [FromBody] RetireProgramme? command, Programme programme,
        IDocumentSession session, HttpResponse response, CancellationToken ct)
    {
        session.Events.Append(id, programme.Version + 1, RetireProgramme.Decide(command, programme));
        await session.SaveChangesAsync(ct);
        response.SetETag(programme.Version + 1);
        return TypedResults.Ok(await session.LoadAsync<ProgrammeView>(id, ct));
    }
}
