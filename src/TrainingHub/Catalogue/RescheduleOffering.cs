using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record RescheduleOffering(
    DateOnly? StartDate,
    DateOnly? EndDate,
    DateTimeOffset? EnrolmentOpensAt,
    DateTimeOffset? EnrolmentClosesAt)
{
    public static ProblemDetails Validate(RescheduleOffering command, Offering? offering, Guid offeringId, Caller caller) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(offering, offeringId, caller),
            () => CatalogueRules.Active(offering!),
            () => Problems.Invalid(new ValidationErrors().CheckDates(command.StartDate, command.EndDate,
                command.EnrolmentOpensAt, command.EnrolmentClosesAt)));

    public static IReadOnlyList<object> Decide(RescheduleOffering command, Offering offering)
    {
        var rescheduled = new OfferingRescheduled(offering.Id, command.StartDate!.Value, command.EndDate!.Value,
            command.EnrolmentOpensAt, command.EnrolmentClosesAt);
        var unchanged = offering.StartDate == rescheduled.StartDate && offering.EndDate == rescheduled.EndDate
            && offering.EnrolmentOpensAt == rescheduled.EnrolmentOpensAt
            && offering.EnrolmentClosesAt == rescheduled.EnrolmentClosesAt;
        return unchanged ? [] : [rescheduled];
    }
}

public static class RescheduleOfferingEndpoint
{
    // Locked like enrolments are, so seat changes never race (see OfferingLock).
    public static Task<Offering?> LoadAsync(Guid id, IDocumentSession session, CancellationToken ct) =>
        OfferingLock.Acquire(session, id, ct);

    public static ProblemDetails Validate(Guid id, RescheduleOffering command, Offering? offering, ClaimsPrincipal user,
        HttpRequest request) => Problems.FirstOf(
        () => RescheduleOffering.Validate(command, offering, id, user.Caller()),
        () => Versioning.CheckIfMatch(request, offering!.Version, required: false));

    [AcceptsIfMatch]
    [WolverinePost("/api/offerings/{id}/reschedule", OperationId = "rescheduleOffering")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(Guid id, RescheduleOffering command, Offering offering, IDocumentSession session,
        HttpResponse response, CancellationToken ct) =>
        OfferingChanges.Apply(id, offering, RescheduleOffering.Decide(command, offering), session, response, ct);
}

/// <summary>Appends a decision's events at the version that was validated, and answers with the fresh view.</summary>
public static class OfferingChanges
{
    public static async Task<IResult> Apply(Guid id, Offering offering, IReadOnlyList<object> events,
        IDocumentSession session, HttpResponse response, CancellationToken ct)
    {
        var version = offering.Version + events.Count;
        if (events.Count > 0)
        {
            // The offering is locked (LoadAsync), so the version cannot move under us.
            session.Events.Append(id, version, [.. events]);
            await session.SaveChangesAsync(ct);
        }
        response.SetETag(version);
        return TypedResults.Ok(await session.LoadAsync<OfferingView>(id, ct));
    }
}
