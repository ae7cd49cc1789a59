using TrainingHub.Kernel;
using TrainingHub.Offerings;

namespace TrainingHub.Catalogue;

/// <summary>Date rules shared by scheduling and rescheduling.</summary>
public static class OfferingDates
{
    public static ValidationErrors CheckDates(this ValidationErrors errors, DateOnly? start, DateOnly? end,
        DateTimeOffset? opensAt, DateTimeOffset? closesAt)
    {
        errors.When(start is null, "startDate", "Required (yyyy-mm-dd).")
            .When(end is null, "endDate", "Required (yyyy-mm-dd).")
            .When(start is not null && end is not null && end < start, "endDate", "Must be on or after startDate.")
            .When(opensAt is not null && closesAt is not null && closesAt <= opensAt, "enrolmentClosesAt",
                "Must be after enrolmentOpensAt.");
        if (end is not null && closesAt is not null)
        {
            var endOfLastDay = new DateTimeOffset(end.Value.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
            errors.When(closesAt > endOfLastDay, "enrolmentClosesAt", "Enrolment must close before the offering ends.");
        }
        if (start is not null && opensAt is not null && closesAt is null)
            errors.When(opensAt >= Offering.EffectiveClose(start.Value, null), "enrolmentOpensAt",
                "Without enrolmentClosesAt, enrolment closes when the offering starts; it must open before that.");
        return errors;
    }

    public static ValidationErrors CheckCapacity(this ValidationErrors errors, int? capacity) =>
        errors.When(capacity is null or < 1 or > OfferingLimits.MaxCapacity, "capacity",
            $"Between 1 and {OfferingLimits.MaxCapacity}.");
}

public static class OfferingLimits
{
    public const int MaxCapacity = 10_000;
}
