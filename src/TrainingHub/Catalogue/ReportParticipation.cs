using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record ReportParticipation(int? Participants, int? Female, int? Completed, int? Passed)
{
    public static ProblemDetails Validate(ReportParticipation command, Offering? offering, Guid offeringId, Caller caller) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(offering, offeringId, caller),
            () => CatalogueRules.Active(offering!),
            () => Problems.Invalid(new ValidationErrors()
                .When(command.Participants is null or < 0 or > 1_000_000, "participants", "Required, 0 to 1,000,000.")
                .When(command.Female is < 0 || command.Female > command.Participants, "female", "Between 0 and participants.")
                .When(command.Completed is < 0 || command.Completed > command.Participants, "completed", "Between 0 and participants.")
                .When(command.Passed is < 0 || command.Passed > (command.Completed ?? command.Participants), "passed",
                    "Between 0 and completed.")));

    public static IReadOnlyList<object> Decide(ReportParticipation command, Offering offering)
    {
        var reported = new ParticipationReported(offering.Id, command.Participants!.Value, command.Female ?? 0,
            command.Completed ?? 0, command.Passed ?? 0);
        return reported == offering.Reported ? [] : [reported];
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
