using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using Wolverine.Http;
using Wolverine.Marten;

namespace TrainingHub.Catalogue;

public sealed record ScheduleOffering(
    DateOnly? StartDate,
    DateOnly? EndDate,
    string? DeliveryMode,
    string? VenueCountry,
    string? Language,
    int? Capacity,
    DateTimeOffset? EnrolmentOpensAt,
    DateTimeOffset? EnrolmentClosesAt)
{
    public static ProblemDetails Validate(ScheduleOffering command, Programme? programme, Guid programmeId, Caller caller,
        ReferenceData reference) => Problems.FirstOf(
        () => CatalogueRules.Owned(programme, programmeId, caller),
        () => CatalogueRules.Active(programme!),
        () => Problems.Invalid(Rules(command, programme!, reference)));

    private static ValidationErrors Rules(ScheduleOffering command, Programme programme, ReferenceData reference)
    {
        var hasVenue = command.DeliveryMode is "in-person" or "blended";
        var errors = new ValidationErrors()
            .CheckDates(command.StartDate, command.EndDate, command.EnrolmentOpensAt, command.EnrolmentClosesAt)
            .CheckCapacity(command.Capacity)
            .When(command.DeliveryMode is null, "deliveryMode", "Required.")
            .UnknownCode("deliveryMode", command.DeliveryMode, reference.DeliveryModeCodes)
            .When(command.Language is null, "language", "Required.")
            .UnknownCode("language", command.Language, reference.LanguageCodes)
            .UnknownCode("venueCountry", command.VenueCountry, reference.CountriesByCode.Keys);
        if (command.DeliveryMode is not null && reference.DeliveryModeCodes.Contains(command.DeliveryMode))
        {
            errors.When(hasVenue && command.VenueCountry is null, "venueCountry",
                    $"Required for {command.DeliveryMode} offerings.")
                .When(!hasVenue && command.VenueCountry is not null, "venueCountry",
                    $"{command.DeliveryMode} offerings have no venue country.");
        }
        if (command.Language is not null && reference.LanguageCodes.Contains(command.Language))
            errors.When(!programme.Details.Languages.Contains(command.Language), "language",
                $"The programme is not offered in '{Problems.Echo(command.Language)}' (its languages: {string.Join(", ", programme.Details.Languages)}).");
        return errors;
    }

    public static OfferingScheduled Decide(ScheduleOffering command, Programme programme, Guid offeringId) =>
        new(offeringId, programme.Id, programme.ProviderId, command.StartDate!.Value, command.EndDate!.Value,
            command.DeliveryMode!, command.VenueCountry, command.Language!, command.Capacity!.Value,
            command.EnrolmentOpensAt, command.EnrolmentClosesAt);
}

public static class ScheduleOfferingEndpoint
{
    public static Task<Programme?> LoadAsync(Guid id, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Programme>(id, ct);

    public static ProblemDetails Validate(Guid id, ScheduleOffering command, Programme? programme, ClaimsPrincipal user,
        ReferenceData reference) => ScheduleOffering.Validate(command, programme, id, user.Caller(), reference);

    [WolverinePost("/api/programmes/{id}/offerings", OperationId = "scheduleOffering")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status201Created)]
    public static (IResult, IStartStream) Post(Guid id, ScheduleOffering command, Programme programme, HttpResponse response)
    {
        var scheduled = ScheduleOffering.Decide(command, programme, Guid.CreateVersion7());
        var start = MartenOps.StartStream<Offering>(scheduled.OfferingId, scheduled);
        response.SetETag(1);
        return (TypedResults.Created($"/api/offerings/{scheduled.OfferingId}", OfferingViewProjection.From(scheduled)), start);
    }
}
