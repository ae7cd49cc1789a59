using TrainingHub.Catalogue;
using TrainingHub.Offerings;

namespace TrainingHub.Bench.Generator;

public sealed record PlannedKey(string Role, string Key, DateTimeOffset IssuedAt);

public sealed class OrganisationPlan
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Code { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    /// <summary>Country of a national or academic provider.</summary>
    public string? HomeCountry { get; init; }
    /// <summary>Region of a regional commission.</summary>
    public string? HomeRegion { get; init; }
    public double ProgrammeWeight { get; init; }
    /// <summary>For partners: how strongly they recruit in each region.</summary>
    public IReadOnlyDictionary<string, double> PartnerRegions { get; init; } = new Dictionary<string, double>();
    public List<PlannedKey> Keys { get; } = [];
}

/// <summary>A programme's whole life: registration, revisions, retirement.</summary>
public sealed class ProgrammePlan
{
    public required int Index { get; init; }
    public required Guid Id { get; init; }
    public required OrganisationPlan Provider { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required ProgrammeInput Input { get; init; }
    public required IReadOnlyList<string> ServedRegions { get; init; }
    public required double Weight { get; init; }
    public List<(DateTimeOffset At, ProgrammeInput Input)> Revisions { get; } = [];
    public DateTimeOffset? RetiredAt { get; set; }
    public string? RetirementReason { get; set; }

    /// <summary>The programme as scheduling sees it (never retired while offerings are scheduled).</summary>
    public Programme Aggregate => _aggregate ??= Programme.Create(new ProgrammeRegistered(Id, Provider.Id, Input.ToDetails()));
    private Programme? _aggregate;

    public ProgrammeInput InputAt(DateTimeOffset at)
    {
        var input = Input;
        foreach (var (when, revised) in Revisions)
            if (when <= at) input = revised;
        return input;
    }
}

/// <summary>An offering as planned: the schedule and what will happen to it; the simulator turns it into events.</summary>
public sealed class OfferingPlan
{
    public required int Index { get; init; }
    public required Guid Id { get; init; }
    public required ProgrammePlan Programme { get; init; }
    public required DateTimeOffset ScheduledAt { get; set; }
    /// <summary>The schedule in force at the end (after any reschedule).</summary>
    public required ScheduleOffering Schedule { get; set; }
    public bool Future { get; init; }
    /// <summary>Training delivered outside TrainingHub, recorded afterwards with its reported participation.</summary>
    public bool Mapped { get; set; }
    public ScheduleOffering? OriginalSchedule { get; set; }
    public DateTimeOffset? RescheduledAt { get; set; }
    public DateTimeOffset? CancelAt { get; set; }
    public string? CancelReason { get; set; }
    public bool RaiseCapacityOnDemand { get; set; }
    /// <summary>Enrolment window as planned: arrivals fall in [WindowOpen, ArrivalsEnd).</summary>
    public DateTimeOffset WindowOpen { get; set; }
    public DateTimeOffset ArrivalsEnd { get; set; }
    public double Demand { get; set; }
    public double Fill { get; set; }
    public int Arrivals { get; set; }

    public DateOnly Start => Schedule.StartDate!.Value;
    public DateOnly End => Schedule.EndDate!.Value;
    public DateTimeOffset EffectiveClose => Offering.EffectiveClose(Start, Schedule.EnrolmentClosesAt);
}
