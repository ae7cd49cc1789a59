using System.Text.Json;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public static class ReviseProgramme
{
    public static ProblemDetails Validate(ProgrammeInput input, Programme? programme, Guid programmeId, Caller caller,
        ReferenceData reference) => Problems.FirstOf(
        () => CatalogueRules.Owned(programme, programmeId, caller),
        () => CatalogueRules.Active(programme!),
        () => ProgrammeInput.Validate(input, reference));

    public static IReadOnlyList<object> Decide(ProgrammeInput input, Programme programme)
    {
        var details = input.ToDetails();
        // Re-sending the current content records nothing: the history only shows real changes.
        return DetailsEqual(details, programme.Details) ? [] : [new ProgrammeRevised(programme.Id, details)];
    }

    // Records hold lists, whose equality is by reference; compare the content instead.
    private static bool DetailsEqual(ProgrammeDetails a, ProgrammeDetails b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);
}

public static class ReviseProgrammeEndpoint
{
    public static Task<Programme?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Programme>(id, ct);

    public static ProblemDetails Validate(Guid id, ProgrammeInput input, Programme? programme, ClaimsPrincipal user,
        ReferenceData reference, HttpRequest request) => Problems.FirstOf(
        () => CatalogueRules.Owned(programme, id, user.Caller()),
        () => Versioning.CheckIfMatch(request, programme!.Version, required: true),
        () => ReviseProgramme.Validate(input, programme, id, user.Caller(), reference));

    [AcceptsIfMatch(required: true)]
    [WolverinePut("/api/programmes/{id}", OperationId = "reviseProgramme")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<ProgrammeView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Put(Guid id, ProgrammeInput input, Programme programme, IDocumentSession session,
        HttpResponse response, CancellationToken ct)
    {
        var events = ReviseProgramme.Decide(input, programme);
        var version = programme.Version + events.Count;
        if (events.Count > 0) session.Events.Append(id, version, [.. events]);
        await session.SaveChangesAsync(ct);
        response.SetETag(version);
        return TypedResults.Ok(await session.LoadAsync<ProgrammeView>(id, ct));
    }
}
