using JasperFx.Events;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Enrolment;
using TrainingHub.Needs;
using TrainingHub.Offerings;

namespace TrainingHub.UnitTests;

/// <summary>Builds aggregates from events exactly as Marten does: Create, then Apply in order; version = event count.</summary>
public static class Given
{
    public static readonly Guid ProviderA = Guid.Parse("0000000a-0000-0000-0000-000000000001");
    public static readonly Guid ProviderB = Guid.Parse("0000000b-0000-0000-0000-000000000002");
    public static readonly Caller CallerA = new(ProviderA, Roles.Provider, Guid.NewGuid());
    public static readonly Caller CallerB = new(ProviderB, Roles.Provider, Guid.NewGuid());
    public static readonly Caller Admin = new(Caller.AdministrationOrganisationId, Roles.Admin, Guid.Empty);

    public static Programme Programme(params object[] events)
    {
        Programme? programme = null;
        foreach (var e in events)
        {
            programme = e switch
            {
                ProgrammeRegistered registered => TrainingHub.Catalogue.Programme.Create(registered),
                ProgrammeRevised revised => programme!.Apply(revised),
                ProgrammeRetired retired => programme!.Apply(retired),
                _ => throw new ArgumentException($"Not a programme event: {e.GetType().Name}"),
            };
        }
        return programme! with { Version = events.Length };
    }

    public static Offering Offering(params object[] events)
    {
        Offering? offering = null;
        foreach (var e in events)
        {
            offering = e switch
            {
                OfferingScheduled scheduled => TrainingHub.Offerings.Offering.Create(scheduled),
                OfferingRescheduled rescheduled => offering!.Apply(rescheduled),
                OfferingCapacityChanged changed => offering!.Apply(changed),
                OfferingCancelled cancelled => offering!.Apply(cancelled),
                ParticipationReported reported => offering!.Apply(reported),
                TraineeEnrolled enrolled => offering!.Apply(enrolled),
                WaitlistJoined joined => offering!.Apply(joined),
                EnrolmentWithdrawn withdrawn => offering!.Apply(withdrawn),
                WaitlistedTraineePromoted promoted => offering!.Apply(promoted),
                EnrolmentCancelled cancelled => offering!.Apply(cancelled),
                AssessmentRecorded assessed => offering!.Apply(assessed),
                EnrolmentCompleted completed => offering!.Apply(completed),
                _ => throw new ArgumentException($"Not an offering event: {e.GetType().Name}"),
            };
        }
        return offering! with { Version = events.Length };
    }

    /// <summary>
    /// The offering, and the live enrolments and enrolment views after the given events of one offering stream: what
    /// the inline event projections write (insert, patch, delete), applied here to objects; the integration tests run
    /// the projections themselves. Each event carries its version in the stream, as when events are read back.
    /// </summary>
    public static SeatWorld Seats(params object[] events)
    {
        var live = new Dictionary<Guid, LiveEnrolment>();
        var views = new Dictionary<Guid, EnrolmentView>();
        var liveProjection = new LiveEnrolmentProjection();
        var viewProjection = new EnrolmentViewProjection();
        var at = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < events.Length; i++)
        {
            var version = i + 1;
            at = at.AddMinutes(1);
            switch (events[i])
            {
                case TraineeEnrolled x:
                    var e = new Event<TraineeEnrolled>(x) { Version = version, Timestamp = at };
                    live[x.EnrolmentId] = liveProjection.Create(e);
                    views[x.EnrolmentId] = viewProjection.Create(e);
                    break;
                case WaitlistJoined x:
                    live[x.EnrolmentId] = live[x.EnrolmentId] with { Ticket = x.Ticket };
                    break;
                case WaitlistedTraineePromoted x:
                    live[x.EnrolmentId] = live[x.EnrolmentId] with { Status = EnrolmentStatus.Confirmed, Ticket = 0 };
                    views[x.EnrolmentId].Status = EnrolmentStatus.Confirmed;
                    break;
                case EnrolmentCompleted x:
                    live[x.EnrolmentId] = live[x.EnrolmentId] with { Status = x.Outcome };
                    (views[x.EnrolmentId].Status, views[x.EnrolmentId].Outcome, views[x.EnrolmentId].PassMark) =
                        (x.Outcome, x.Outcome, x.PassMark);
                    break;
                case EnrolmentWithdrawn x:
                    live.Remove(x.EnrolmentId);
                    views[x.EnrolmentId].Status = EnrolmentStatus.Withdrawn;
                    break;
                case EnrolmentCancelled x:
                    live.Remove(x.EnrolmentId);
                    views[x.EnrolmentId].Status = EnrolmentStatus.Cancelled;
                    break;
                case AssessmentRecorded x:
                    views[x.EnrolmentId].Assessments.Add(new AssessmentEntry(x.Kind, x.Score, x.StandardScores, x.AssessedAt, at));
                    break;
            }
        }
        return new SeatWorld(Offering(events), live, views) { AllEvents = events };
    }

    public static Organisation Organisation(params object[] events)
    {
        Organisation? organisation = null;
        foreach (var e in events)
        {
            organisation = e switch
            {
                OrganisationRegistered registered => TrainingHub.Access.Organisation.Create(registered),
                ApiKeyIssued issued => organisation!.Apply(issued),
                ApiKeyRevoked revoked => organisation!.Apply(revoked),
                OrganisationLocated located => organisation!.Apply(located),
                _ => throw new ArgumentException($"Not an organisation event: {e.GetType().Name}"),
            };
        }
        return organisation! with { Version = events.Length };
    }

    public static TrainingNeed Need(params object[] events)
    {
        TrainingNeed? need = null;
        foreach (var e in events)
        {
            need = e switch
            {
                TrainingNeedRecorded recorded => TrainingNeed.Create(recorded),
                TrainingNeedRevised revised => need!.Apply(revised),
                TrainingNeedMet met => need!.Apply(met),
                TrainingNeedWithdrawn withdrawn => need!.Apply(withdrawn),
                _ => throw new ArgumentException($"Not a training need event: {e.GetType().Name}"),
            };
        }
        return need! with { Version = events.Length };
    }

    public static ProgrammeInput ValidProgramme() => new(
        Title: "Measuring international migrant stocks and flows",
        Summary: "Stocks and flows on one concept.",
        Level: "intermediate",
        Disciplines: ["demography", "it-data-science"],
        Standards: ["UN-RSIM-R1", "EGMS-CF-2021"],
        TargetAudiences: ["nso", "ministry"],
        DeliveryModes: ["in-person", "online"],
        Languages: ["en", "ru"],
        Regions: ["ECE"],
        Countries: ["KAZ", "KGZ"],
        DurationHours: 24,
        PassMark: 60,
        Url: null);

    public static readonly Guid ProgrammeId = Guid.Parse("00000000-0000-0000-0000-00000000e001");
    public static readonly Guid OfferingId = Guid.Parse("00000000-0000-0000-0000-00000000f001");

    public static ProgrammeRegistered ProgrammeRegisteredByA() =>
        new(ProgrammeId, ProviderA, ValidProgramme().ToDetails());

    public static ScheduleOffering ValidOffering() => new(
        StartDate: new DateOnly(2027, 3, 1),
        EndDate: new DateOnly(2027, 3, 5),
        DeliveryMode: "in-person",
        VenueCountry: "KAZ",
        Language: "ru",
        Capacity: 30,
        EnrolmentOpensAt: new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
        EnrolmentClosesAt: new DateTimeOffset(2027, 2, 20, 0, 0, 0, TimeSpan.Zero));

    public static OfferingScheduled OfferingScheduledByA() =>
        TrainingHub.Catalogue.ScheduleOffering.Decide(ValidOffering(), Programme(ProgrammeRegisteredByA()), OfferingId);
}

public sealed record SeatWorld(Offering Offering, IReadOnlyDictionary<Guid, LiveEnrolment> Live,
    IReadOnlyDictionary<Guid, EnrolmentView> Views)
{
    /// <summary>What the Head query reads: the longest-waiting first.</summary>
    public IReadOnlyList<LiveEnrolment> WaitlistHead(int seats) =>
        [.. Live.Values.Where(l => l.Status == EnrolmentStatus.Waitlisted).OrderBy(l => l.Ticket).Take(seats)];

    public IReadOnlyList<Guid> WaitlistOrder() => [.. WaitlistHead(int.MaxValue).Select(l => l.Id)];

    /// <summary>Every offering event after these, as Decide's callers append it.</summary>
    public SeatWorld Then(params object[] more) => Given.Seats([.. AllEvents, .. more]);

    public IReadOnlyList<object> AllEvents { get; init; } = [];
}
