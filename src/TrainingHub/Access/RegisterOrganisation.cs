using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;
using Wolverine.Marten;

namespace TrainingHub.Access;

/// <summary><c>country</c>: where a national institution works; <c>region</c>: a regional commission's region. Both
/// decide whose training needs the organisation may record.</summary>
public sealed record RegisterOrganisation(string? Name, string? Kind, string? Code, string? Country = null,
    string? Region = null)
{
    public static ProblemDetails Validate(RegisterOrganisation command, ReferenceData reference) =>
        Problems.Invalid(LocateOrganisation.Check(new ValidationErrors(), command.Country, command.Region, reference)
            .When(string.IsNullOrWhiteSpace(command.Name) || command.Name.Trim().Length > 200, "name",
                "Required, 1 to 200 characters.")
            .When(command.Kind is null, "kind", "Required.")
            .When(command.Kind is not null && !reference.OrganisationKindCodes.Contains(command.Kind), "kind",
                $"Unknown organisation kind '{Problems.Echo(command.Kind)}'; one of: {string.Join(", ", reference.OrganisationKindCodes.Order())}.")
            .When(command.Code is not null && !IsCode(command.Code), "code",
                $"'{Problems.Echo(command.Code)}' is not a code: 2 to 20 letters, digits or '-'."));

    public static OrganisationRegistered Decide(RegisterOrganisation command, Guid organisationId) =>
        new(organisationId, command.Name!.Trim(), command.Kind!, command.Code?.ToUpperInvariant(), command.Country,
            command.Region);

    private static bool IsCode(string code) =>
        code.Length is >= 2 and <= 20 && code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

public static class RegisterOrganisationEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(RegisterOrganisation command, ReferenceData reference,
        IQuerySession session, CancellationToken ct)
    {
        var problem = RegisterOrganisation.Validate(command, reference);
        if (!problem.IsNone()) return problem;

        var name = command.Name!.Trim();
        var code = command.Code?.ToUpperInvariant();
        var clash = await session.Query<OrganisationView>()
            .Where(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || (code != null && o.Code == code))
            .FirstOrDefaultAsync(ct);
        return clash is null
            ? Problems.None
            : Problems.Conflict("Organisation already registered",
                $"Organisation '{clash.Name}' ({clash.Id}) already has this name or code.");
    }

    [WolverinePost("/api/organisations", OperationId = "registerOrganisation")]
    [Authorize(Policy = Roles.Policies.Admin)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static (Created<OrganisationListItem>, IStartStream) Post(RegisterOrganisation command)
    {
        var registered = RegisterOrganisation.Decide(command, Guid.CreateVersion7());
        var start = MartenOps.StartStream<Organisation>(registered.OrganisationId, registered);
        var body = new OrganisationListItem(registered.OrganisationId, registered.Name, registered.Kind, registered.Code,
            registered.Country, registered.Region, DateTimeOffset.UtcNow, []);
        return (TypedResults.Created($"/api/organisations/{registered.OrganisationId}", body), start);
    }
}
