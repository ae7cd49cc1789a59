using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;
using Wolverine.Marten;

namespace TrainingHub.Catalogue;

public static class RegisterProgramme
{
    /// <summary>The provider is always the caller's organisation, never a value from the body.</summary>
    public static ProgrammeRegistered Decide(ProgrammeInput input, Guid programmeId, Guid providerId) =>
        new(programmeId, providerId, input.ToDetails());
}

public static class RegisterProgrammeEndpoint
{
    public static Task<ProgrammeLinks> LoadAsync(ProgrammeInput input, IQuerySession session, CancellationToken ct) =>
        ProgrammeLinks.LoadAsync(input, self: null, session, ct);

    public static ProblemDetails Validate(ProgrammeInput input, ProgrammeLinks links, ClaimsPrincipal user,
        ReferenceData reference) =>
        Problems.FirstOf(
            () => ProgrammeInput.Validate(input, reference),
            () => ProgrammeInput.ValidateLinks(input, user.Caller().OrganisationId, links, reference));

    [WolverinePost("/api/programmes", OperationId = "registerProgramme")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<ProgrammeView>(StatusCodes.Status201Created)]
    public static (IResult, IStartStream) Post(ProgrammeInput input, ClaimsPrincipal user, HttpResponse response)
    {
        var registered = RegisterProgramme.Decide(input, Guid.CreateVersion7(), user.Caller().OrganisationId);
        var start = MartenOps.StartStream<Programme>(registered.ProgrammeId, registered);
        response.SetETag(1);
        var view = ProgrammeViewProjection.From(registered, DateTimeOffset.UtcNow);
        return (TypedResults.Created($"/api/programmes/{registered.ProgrammeId}", view), start);
    }
}
