using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Access;

/// <summary>Sets (or clears, with nulls) where an organisation acts: a national institution's country, a regional
/// commission's region.</summary>
public sealed record LocateOrganisation(string? Country, string? Region)
{
    public static ValidationErrors Check(ValidationErrors errors, string? country, string? region, ReferenceData reference)
    {
        if (country is not null) errors.UnknownCode("country", country, reference.Codes(Vocabulary.Countries));
        if (region is not null) errors.UnknownCode("region", region, reference.RegionCodes);
        return errors;
    }

    public static ProblemDetails Validate(LocateOrganisation command, Organisation? organisation, Guid organisationId,
        ReferenceData reference) =>
        organisation is null
            ? Problems.NotFound("Organisation", organisationId)
            : Problems.Invalid(Check(new ValidationErrors(), command.Country, command.Region, reference));

    public static OrganisationLocated Decide(LocateOrganisation command, Organisation organisation) =>
        new(organisation.Id, command.Country, command.Region);
}

public static class LocateOrganisationEndpoint
{
    [WolverinePut("/api/organisations/{id}/location", OperationId = "locateOrganisation")]
    [Authorize(Policy = Roles.Policies.Admin)]
    [ProducesResponseType<OrganisationListItem>(StatusCodes.Status200OK)]
    public static Task<IResult> Put(Guid id, LocateOrganisation command, IDocumentStore store, ReferenceData reference,
        ClaimsPrincipal user, CancellationToken ct) =>
        CommandWrite.Run(store, user.Caller().OrganisationId,
            (session, token) => session.LoadAsync<Organisation>(id, token),
            organisation => Verdict.Unless(LocateOrganisation.Validate(command, organisation, id, reference), () =>
                Verdict.Record([StreamEvents.AppendAt(id, organisation!.Version, [LocateOrganisation.Decide(command, organisation)])],
                    async (session, token) =>
                        TypedResults.Ok((await session.LoadAsync<OrganisationView>(id, token))!.ToListItem(withKeys: true)))),
            ct);
}
