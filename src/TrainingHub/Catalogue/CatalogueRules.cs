using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;

namespace TrainingHub.Catalogue;

/// <summary>Rules shared by every change to a programme or an offering.</summary>
public static class CatalogueRules
{
    public static ProblemDetails Owned(Programme? programme, Guid programmeId, Caller caller) =>
        programme is null ? Problems.NotFound("Programme", programmeId)
        : caller.MayChange(programme.ProviderId) ? Problems.None
        : Problems.Forbidden("Only the provider that registered this programme (or an admin) may change it.");

    public static ProblemDetails Owned(Offering? offering, Guid offeringId, Caller caller) =>
        offering is null ? Problems.NotFound("Offering", offeringId)
        : caller.MayChange(offering.ProviderId) ? Problems.None
        : Problems.Forbidden("Only the provider that scheduled this offering (or an admin) may change it.");

    public static ProblemDetails Active(Programme programme) => programme.Retired
        ? Problems.Conflict("Programme retired", $"Programme {programme.Id} is retired and can no longer change.")
        : Problems.None;

    public static ProblemDetails Active(Offering offering) => offering.Cancelled
        ? Problems.Conflict("Offering cancelled", $"Offering {offering.Id} is cancelled and can no longer change.")
        : Problems.None;
}
