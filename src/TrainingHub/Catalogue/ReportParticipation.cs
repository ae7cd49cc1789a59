using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

/// <summary><c>countries</c>: optionally, participants per country of residence (ISO 3166-1 alpha-3), as a workshop's
/// report lists them; they count as countries reached.</summary>
public sealed record ReportParticipation(int? Participants, int? Female, int? Completed, int? Passed,
    [property: MaxItems(Vocabulary.Countries)] Dictionary<string, int>? Countries = null)
{
    public static ProblemDetails Validate(ReportParticipation command, Offering? offering, Guid offeringId, Caller caller) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(offering, offeringId, caller),
            () => CatalogueRules.Active(offering!),
            () => Problems.Invalid(CheckCountries(command, new ValidationErrors())
                .When(command.Participants is null or < 0 or > 1_000_000, "participants", "Required, 0 to 1,000,000.")
                .When(command.Female is < 0 || command.Female > command.Participants, "female", "Between 0 and participants.")
                .When(command.Completed is < 0 || command.Completed > command.Participants, "completed", "Between 0 and participants.")
                .When(command.Passed is < 0 || command.Passed > (command.Completed ?? command.Participants), "passed",
                    "Between 0 and completed.")));

    private static ValidationErrors CheckCountries(ReportParticipation command, ValidationErrors errors)
    {
        if (command.Countries is not { Count: > 0 } countries) return errors;
        foreach (var (country, count) in countries)
        {
            errors.UnknownCode($"countries.{country}", country, ReferenceData.Current.Codes(Vocabulary.Countries));
            errors.When(count is < 1 or > 1_000_000, $"countries.{country}", "Participants from the country: 1 or more.");
        }
        return errors.When(command.Participants is { } participants && countries.Values.Sum(c => (long)c) > participants,
            "countries", "The countries' participants add up to more than participants.");
    }

    public static IReadOnlyList<object> Decide(ReportParticipation command, Offering offering)
    {
        var reported = new ParticipationReported(offering.Id, command.Participants!.Value, command.Female ?? 0,
            command.Completed ?? 0, command.Passed ?? 0,
            command.Countries is { Count: > 0 } countries ? new SortedDictionary<string, int>(countries, StringComparer.Ordinal) : null);
        return reported.SameAs(offering.Reported) ? [] : [reported];
    }
}

public static class ReportParticipationEndpoint
{
    [WolverinePost("/api/offerings/{id}/reported-participation", OperationId = "reportParticipation")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, ReportParticipation command, IDocumentStore store, ClaimsPrincipal user,
        HttpRequest request, CancellationToken ct) =>
        OfferingChanges.Run(id, user.Caller(), store, request,
            offering => ReportParticipation.Validate(command, offering, id, user.Caller()),
            offering => ReportParticipation.Decide(command, offering), ct);
}
