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
        ReferenceData reference, ProgrammeLinks links) => Problems.FirstOf(
        () => CatalogueRules.Owned(programme, programmeId, caller),
        () => CatalogueRules.Active(programme!),
        () => ProgrammeInput.Validate(input, reference),
        () => ProgrammeInput.ValidateLinks(input, programme!.ProviderId, links, reference));

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
    [AcceptsIfMatch(required: true)]
    [WolverinePut("/api/programmes/{id}", OperationId = "reviseProgramme")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<ProgrammeView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Put(Guid id, ProgrammeInput input, IDocumentStore store, IQuerySession session,
        ClaimsPrincipal user, ReferenceData reference, HttpRequest request, CancellationToken ct)
    {
        var links = await ProgrammeLinks.LoadAsync(input, id, session, ct);
        return await ProgrammeChanges.Run(id, user.Caller(), store,
            programme => Problems.FirstOf(
                () => CatalogueRules.Owned(programme, id, user.Caller()),
                () => Versioning.CheckIfMatch(request, programme!.Version, required: true),
                () => ReviseProgramme.Validate(input, programme, id, user.Caller(), reference, links)),
            programme => ReviseProgramme.Decide(input, programme), ct);
    }
}
