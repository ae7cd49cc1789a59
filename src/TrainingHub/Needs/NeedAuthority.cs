using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;

namespace TrainingHub.Needs;

/// <summary>
/// Whose needs an organisation speaks for: admin for every country; a national institution for its own country; a
/// regional commission for the member countries of its region. Analysts read every need but record none.
/// </summary>
public sealed record NeedAuthority(bool Everywhere, IReadOnlySet<string> Countries)
{
    public static readonly NeedAuthority None = new(false, new HashSet<string>());

    public static NeedAuthority Of(Caller caller, OrganisationView? organisation, ReferenceData reference) =>
        caller.IsAdmin ? new(true, new HashSet<string>())
        : caller.Role != Roles.Provider || organisation is null ? None
        : organisation.Kind == "national" && organisation.Country is { } country ? new(false, new HashSet<string> { country })
        : organisation.Kind == "regional-commission" && organisation.Region is { } region
            ? new(false, reference.Countries.Where(c => c.Regions.Contains(region) && c.Status != "territory")
                .Select(c => c.Code).ToHashSet())
        : None;

    public bool Covers(string country) => Everywhere || Countries.Contains(country);

    public ProblemDetails CheckRecord(string country) => Covers(country)
        ? Problems.None
        : Problems.Forbidden(
            $"This organisation may not record needs for {country}: a national institution records its own country's " +
            "needs, a regional commission those of its member countries, admin any (set with PUT /api/organisations/{id}/location).");
}
