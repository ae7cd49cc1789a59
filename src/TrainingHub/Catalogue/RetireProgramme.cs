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
    [AcceptsIfMatch]
    [WolverinePost("/api/programmes/{id}/retire", OperationId = "retireProgramme")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<ProgrammeView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, [FromBody] RetireProgramme? command, IDocumentStore store,
        ClaimsPrincipal user, HttpRequest request, CancellationToken ct) =>
        ProgrammeChanges.Run(id, user.Caller(), store,
            programme => Problems.FirstOf(
                () => RetireProgramme.Validate(command, programme, id, user.Caller()),
                () => Versioning.CheckIfMatch(request, programme!.Version, required: false)),
            programme => [RetireProgramme.Decide(command, programme)], ct);
}
