using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Enrolment;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;

namespace TrainingHub.Bench.Generator;

/// <summary>
/// Plays one offering's life through the app's own rules and decisions, in time order: scheduling, enrolments as they
/// arrive, withdrawals (with the waitlist promotions the app decides), capacity raises, cancellation, then assessments
/// and completions. Every command is validated as the endpoint would; the events are exactly what Decide returns.
/// </summary>
public sealed class OfferingSimulator(
    GeneratorOptions options, ReferenceData reference, People people, IReadOnlyList<OrganisationPlan> partners, Statistics stats,
    PersonalDataHasher hasher)
{
    private const double ReturningShare = 0.10;
    private const double WithdrawalShare = 0.08;
    private readonly DateTimeOffset _now = options.Now;

    private enum Step { Enrol, Withdraw, RaiseCapacity, Cancel }

    /// <summary>The offering, and what the app's inline projections would hold of its enrolments: the seat rules
    /// read them (LiveEnrolment, EnrolmentView) beside the aggregate.</summary>
    private sealed class State(Offering offering)
    {
        public Offering Offering = offering;
        public DateTimeOffset Last = DateTimeOffset.MinValue;
        public readonly List<Stamped> Events = [];
        public readonly Dictionary<Guid, LiveEnrolment> Live = [];
        public readonly Dictionary<Guid, EnrolmentView> Views = [];

        public IReadOnlyList<LiveEnrolment> WaitlistHead(int seats) =>
            [.. Live.Values.Where(l => l.Status == EnrolmentStatus.Waitlisted).OrderBy(l => l.Ticket).Take(seats)];
    }

    public void Simulate(OfferingPlan plan, List<PlannedStream> output)
    {
        var rng = Rng.For(options.Seed, "offering", plan.Index);
        var programme = plan.Programme;
        var provider = programme.Provider.Id;
        var providerCaller = new Caller(provider, Roles.Provider, Guid.Empty);

        var first = plan.OriginalSchedule ?? plan.Schedule;
        WorldPlanner.Require(ScheduleOffering.Validate(first, programme.Aggregate, programme.Id, providerCaller, reference), "offering");
        var scheduled = ScheduleOffering.Decide(first, programme.Aggregate, plan.Id);
        var state = new State(Offering.Create(scheduled));
        Record(state, [scheduled], plan.ScheduledAt, provider);
        stats.Offerings++;

        if (plan.Mapped)
        {
            MapParticipation(plan, state, rng, providerCaller);
            output.Add(new PlannedStream(plan.Id, typeof(Offering), state.Events));
            return;
        }

        if (plan.RescheduledAt is { } rescheduledAt)
        {
            var final = plan.Schedule;
            var command = new RescheduleOffering(final.StartDate, final.EndDate, final.EnrolmentOpensAt, final.EnrolmentClosesAt);
            WorldPlanner.Require(RescheduleOffering.Validate(command, state.Offering, plan.Id, providerCaller), "reschedule");
            Record(state, RescheduleOffering.Decide(command, state.Offering), rescheduledAt, provider);
        }

        var cancelled = Enrolments(plan, state, rng, providerCaller, output);
        if (!cancelled && Clock.StartOf(plan.Start) <= _now) Results(plan, state, rng, providerCaller);

        var o = state.Offering;
        if (state.Events.Any(e => e.Data is TraineeEnrolled { Status: EnrolmentStatus.Waitlisted })) stats.OfferingsWithWaitlist++;
        if (Clock.StartOf(plan.Start) > _now)
        {
            stats.OfferingsStartingAfterNow++;
            var open = !o.Cancelled && programme.RetiredAt is null && (o.EnrolmentOpensAt is null || o.EnrolmentOpensAt <= _now)
                       && _now < Offering.EffectiveClose(o.StartDate, o.EnrolmentClosesAt) && o.SeatsTaken() < o.Capacity;
            if (open)
            {
                stats.OfferingsOpen++;
                stats.OpenSeats += o.Capacity - o.SeatsTaken();
            }
        }
        output.Add(new PlannedStream(plan.Id, typeof(Offering), state.Events));
    }

    /// <summary>Arrivals, withdrawals, capacity raises and cancellation in time order. Returns whether it was cancelled.</summary>
    private bool Enrolments(OfferingPlan plan, State state, Rng rng, Caller providerCaller, List<PlannedStream> output)
    {
        var arrivals = Enumerable.Range(0, plan.Arrivals).Select(_ => rng.Between(plan.WindowOpen, plan.ArrivalsEnd)).Order().ToArray();
        var steps = new List<(DateTimeOffset At, Step Step, int Arrival)>();
        for (var i = 0; i < arrivals.Length; i++) steps.Add((arrivals[i], Step.Enrol, i));

        var changesEnd = Clock.Min(Clock.Min(plan.EffectiveClose, plan.CancelAt ?? plan.EffectiveClose), _now);
        for (var i = 0; i < arrivals.Length; i++)
            if (rng.Chance(WithdrawalShare) && arrivals[i].AddMinutes(10) < changesEnd)
                steps.Add((rng.Between(arrivals[i].AddMinutes(10), changesEnd), Step.Withdraw, i));
        var capacity = plan.Schedule.Capacity!.Value;
        if (plan.RaiseCapacityOnDemand && arrivals.Length > capacity + 2 && arrivals[capacity + 2].AddHours(1) < changesEnd)
            steps.Add((rng.Between(arrivals[capacity + 2].AddHours(1), changesEnd), Step.RaiseCapacity, -1));
        if (plan.CancelAt is { } cancelAt) steps.Add((cancelAt, Step.Cancel, -1));

        var venue = plan.Schedule.VenueCountry;
        var regions = venue is null ? plan.Programme.ServedRegions : reference.RegionsOf(venue);
        var partnerIndex = new WeightedIndex(partners
            .Select(p => 0.05 + regions.Sum(r => p.PartnerRegions.GetValueOrDefault(r))).ToArray());
        var enrolmentOf = new Guid?[arrivals.Length];
        var partnerOf = new Guid[arrivals.Length];
        var provider = plan.Programme.Provider.Id;

        foreach (var (wanted, step, arrival) in steps.OrderBy(s => s.At))
        {
            var at = Streams.After(wanted, state.Last);
            if (at > _now) continue;
            switch (step)
            {
                case Step.Enrol:
                    var partner = partners[partnerIndex.Draw(rng)];
                    var enrolmentId = Enrol(plan, state, rng, partner, rng.Pick(regions), venue, at, output);
                    enrolmentOf[arrival] = enrolmentId;
                    partnerOf[arrival] = partner.Id;
                    break;
                case Step.Withdraw when enrolmentOf[arrival] is { } id:
                    var view = state.Views[id];
                    if (!WithdrawEnrolment.Validate(view, new Caller(partnerOf[arrival], Roles.Partner, Guid.Empty)).IsNone())
                        break;
                    Record(state, WithdrawEnrolment.Decide(state.Offering, view, state.WaitlistHead(state.Offering.Capacity)),
                        at, partnerOf[arrival]);
                    break;
                case Step.RaiseCapacity:
                    var raise = new ChangeOfferingCapacity(state.Offering.Capacity + rng.Between(5, 20));
                    if (ChangeOfferingCapacity.Validate(raise, state.Offering, plan.Id, providerCaller).IsNone())
                        Record(state, ChangeOfferingCapacity.Decide(raise, state.Offering, state.WaitlistHead(raise.Capacity!.Value)),
                            at, provider);
                    break;
                case Step.Cancel:
                    var cancel = new CancelOffering(plan.CancelReason);
                    WorldPlanner.Require(CancelOffering.Validate(cancel, state.Offering, plan.Id, providerCaller), "cancellation");
                    Record(state, CancelOffering.Decide(cancel, state.Offering, [.. state.Live.Values]), at, provider);
                    return true;
            }
        }
        return false;
    }

    /// <summary>One enrolment, decided by EnrolTrainee.Decide: a returning trainee or someone new.</summary>
    private Guid? Enrol(OfferingPlan plan, State state, Rng rng, OrganisationPlan partner, string region, string? venue,
        DateTimeOffset at, List<PlannedStream> output)
    {
        var returning = rng.Chance(ReturningShare) ? people.PickReturning(rng, region) : null;
        // A returning trainee already holding a live enrolment here would get 409: someone new comes instead.
        if (returning is not null && state.Live.Values.Any(e => e.TraineeId == returning.Id))
            returning = null;
        var input = returning?.InputAt(at) ?? people.NewTrainee(rng, region, venue);
        var command = new EnrolTrainee(input, rng.Chance(0.7) ? $"{partner.Code}-{at:yyyy}-{rng.Between(1, 99_999):D5}" : null);
        var key = $"{partner.Code.ToLowerInvariant()}-{++stats.EnrolmentNumber:D8}";
        WorldPlanner.Require(EnrolTrainee.Validate(command, key, reference), "enrolment");

        var known = returning is null ? null : new Trainee(returning.Id, null, false);
        if (!EnrolTrainee.CheckOffering(state.Offering, partnerHoldsLiveEnrolment: false, at).IsNone())
        {
            // Only when bumping equal timestamps pushed the arrival past the window's close.
            stats.ArrivalsDropped++;
            return null;
        }
        var hashes = new EnrolTrainee.Hashes(hasher.EmailKey(input.Email!), hasher.IdempotencyKey(partner.Id, key),
            hasher.Request(plan.Id, command));
        var enrolmentId = Ids.Version7(at, rng);
        // A returning trainee's partner records are written at the end (WorldGenerator), replayed in time order.
        var decision = EnrolTrainee.Decide(command, state.Offering, known, null, partner.Id, hashes, enrolmentId, Ids.Version7(at, rng));
        Record(state, decision.OfferingEvents, at, partner.Id);

        if (returning is not null)
        {
            returning.Enrolments.Add(new ReturningEnrolment(at, partner.Id, enrolmentId, plan.Id, command, hashes));
            stats.ReturningEnrolments++;
        }
        else
        {
            foreach (var e in decision.TraineeEvents.Concat(decision.PartnerTraineeEvents)) stats.Count(e);
            output.Add(new PlannedStream(decision.TraineeId, typeof(Trainee),
                [.. decision.TraineeEvents.Select(e => new Stamped(e, at, partner.Id))]));
            output.Add(new PlannedStream(decision.PartnerTraineeId, typeof(PartnerTrainee),
                [.. decision.PartnerTraineeEvents.Select(e => new Stamped(e, at, partner.Id))]));
            stats.PartnerTrainees++;
            stats.TraineesNew++;
        }
        return enrolmentId;
    }

    /// <summary>Pre and post assessments, finals and completions, recorded by the provider around the course.</summary>
    private void Results(OfferingPlan plan, State state, Rng rng, Caller providerCaller)
    {
        var provider = providerCaller.OrganisationId;
        var holders = state.Live.Values.Where(e => e.Status == EnrolmentStatus.Confirmed)
            .OrderBy(e => state.Views[e.Id].EnrolledAt).ThenBy(e => e.Id).Select(e => state.Views[e.Id]).ToArray();
        var steps = new List<(DateTimeOffset At, int Holder, object Command)>();
        var preAt = Clock.At(plan.Start, 8, 30);
        var postAt = Clock.At(plan.End, 15);
        var completionAt = Clock.At(plan.End.AddDays(rng.Between(1, 14)), 10);
        var finalAt = Clock.At(plan.End.AddDays(rng.Between(7, 30)), 11);
        var standardsAt = plan.Programme.InputAt(postAt).Standards!;

        for (var h = 0; h < holders.Length; h++)
        {
            var ability = rng.Normal(0, 1);
            var pre = Score(55 + 12 * ability + rng.Normal(0, 8));
            var post = Score(pre + 20 + 4 * ability + rng.Normal(0, 6));
            var final = Score(post + rng.Normal(2, 6));
            var hasPost = rng.Chance(0.85);
            if (rng.Chance(0.85))
                steps.Add((preAt = preAt.AddSeconds(rng.Between(20, 120)), h, new RecordAssessment(AssessmentKind.Pre, pre,
                    rng.Chance(0.4) ? StandardScores(standardsAt, pre, rng) : null, rng.Chance(0.5) ? Clock.At(plan.Start, 9) : null)));
            if (hasPost)
                steps.Add((postAt = postAt.AddSeconds(rng.Between(20, 120)), h, new RecordAssessment(AssessmentKind.Post, post,
                    rng.Chance(0.85) ? StandardScores(standardsAt, post, rng) : null, rng.Chance(0.5) ? Clock.At(plan.End, 14) : null)));
            var completes = rng.Chance(hasPost ? 0.92 : 0.5);
            if (rng.Chance(0.9))
                steps.Add((completionAt = completionAt.AddSeconds(rng.Between(10, 60)), h, completes
                    ? new RecordCompletion(EnrolmentStatus.Completed, rng.Chance(0.6) ? $"{plan.Programme.Provider.Code}-{plan.Start:yyyy}-{plan.Index:D6}-{h + 1:D3}" : null)
                    : new RecordCompletion(EnrolmentStatus.DidNotComplete, null)));
            if (completes && rng.Chance(0.25))
            {
                steps.Add((finalAt = finalAt.AddSeconds(rng.Between(20, 120)), h,
                    new RecordAssessment(AssessmentKind.Final, final, StandardScores(standardsAt, final, rng), null)));
                // Now and then a final is corrected by a later one.
                if (rng.Chance(0.05))
                    steps.Add((finalAt.AddDays(rng.Between(3, 10)), h,
                        new RecordAssessment(AssessmentKind.Final, Score(final + rng.Normal(3, 4)), StandardScores(standardsAt, final, rng), null)));
            }
        }

        foreach (var (wanted, h, command) in steps.OrderBy(s => s.At))
        {
            var at = Streams.After(wanted, state.Last);
            if (at > _now) continue;
            var view = holders[h];
            switch (command)
            {
                case RecordAssessment assessment:
                    WorldPlanner.Require(RecordAssessment.Validate(assessment, reference, at), "assessment");
                    WorldPlanner.Require(RecordAssessment.CheckEnrolment(assessment, view, providerCaller), "assessment");
                    Record(state, [RecordAssessment.Decide(assessment, view, at)], at, provider);
                    if (assessment.Kind == AssessmentKind.Pre) stats.PreAssessments++;
                    else if (assessment.Kind == AssessmentKind.Post) stats.PostAssessments++;
                    else stats.FinalAssessments++;
                    break;
                case RecordCompletion completion:
                    WorldPlanner.Require(RecordCompletion.Validate(completion), "completion");
                    WorldPlanner.Require(RecordCompletion.CheckEnrolment(view, providerCaller), "completion");
                    // The programme's pass mark in force when the outcome is recorded, as the endpoint reads it.
                    var passMark = plan.Programme.InputAt(at).PassMark;
                    Record(state, [RecordCompletion.Decide(completion, view, passMark)], at, provider);
                    if (completion.Outcome == EnrolmentStatus.Completed) stats.Completed++;
                    else stats.DidNotComplete++;
                    break;
            }
        }
    }

    private void MapParticipation(OfferingPlan plan, State state, Rng rng, Caller providerCaller)
    {
        var reports = rng.Chance(0.15) ? 2 : 1;
        var at = plan.ScheduledAt;
        for (var r = 0; r < reports; r++)
        {
            at = Streams.After(at.AddMinutes(r == 0 ? rng.Between(2, 90) : rng.Between(24 * 60, 60 * 24 * 30)), state.Last);
            if (at > _now) return;
            var participants = rng.Between(8, 60);
            var completed = (int)Math.Round(participants * rng.Between(0.7, 1.0));
            var command = new ReportParticipation(participants, (int)Math.Round(participants * rng.Between(0.3, 0.65)), completed,
                (int)Math.Round(completed * rng.Between(0.6, 1.0)));
            WorldPlanner.Require(ReportParticipation.Validate(command, state.Offering, plan.Id, providerCaller), "participation report");
            Record(state, [.. ReportParticipation.Decide(command, state.Offering)], at, providerCaller.OrganisationId);
        }
        stats.OfferingsMapped++;
    }

    private static int Score(double value) => (int)Math.Clamp(Math.Round(value), 0, 100);

    private static Dictionary<string, int>? StandardScores(IReadOnlyList<string> standards, int score, Rng rng) =>
        standards.Count == 0 ? null : standards.ToDictionary(s => s, _ => Score(score + rng.Normal(0, 8)));

    private void Record(State state, IReadOnlyList<object> decided, DateTimeOffset at, Guid actor)
    {
        at = Streams.After(at, state.Last);
        foreach (var e in decided)
        {
            state.Events.Add(new Stamped(e, at, actor));
            // The version Marten gives the snapshot: the decisions number waitlist tickets from it.
            state.Offering = Evolve(state.Offering, e) with { Version = state.Events.Count };
            Project(state, e, at);
            stats.Count(e);
        }
        if (decided.Count > 0) state.Last = at;
    }

    /// <summary>What the inline LiveEnrolment and EnrolmentView projections would make of the event.</summary>
    private static void Project(State state, object e, DateTimeOffset at)
    {
        switch (e)
        {
            case TraineeEnrolled x:
                state.Live[x.EnrolmentId] = new LiveEnrolment(x.EnrolmentId, x.OfferingId, x.TraineeId, x.PartnerId, x.Status, 0);
                state.Views[x.EnrolmentId] = new EnrolmentView
                {
                    Id = x.EnrolmentId, OfferingId = x.OfferingId, ProviderId = x.ProviderId, PartnerId = x.PartnerId,
                    TraineeId = x.TraineeId, Status = x.Status, EnrolledAt = at,
                };
                break;
            case WaitlistJoined x:
                state.Live[x.EnrolmentId] = state.Live[x.EnrolmentId] with { Ticket = x.Ticket };
                break;
            case WaitlistedTraineePromoted x:
                state.Live[x.EnrolmentId] = state.Live[x.EnrolmentId] with { Status = EnrolmentStatus.Confirmed, Ticket = 0 };
                state.Views[x.EnrolmentId].Status = EnrolmentStatus.Confirmed;
                break;
            case EnrolmentWithdrawn x:
                state.Live.Remove(x.EnrolmentId);
                state.Views[x.EnrolmentId].Status = EnrolmentStatus.Withdrawn;
                break;
            case EnrolmentCancelled x:
                state.Live.Remove(x.EnrolmentId);
                state.Views[x.EnrolmentId].Status = EnrolmentStatus.Cancelled;
                break;
            case EnrolmentCompleted x:
                state.Live[x.EnrolmentId] = state.Live[x.EnrolmentId] with { Status = x.Outcome };
                state.Views[x.EnrolmentId].Status = x.Outcome;
                break;
            case AssessmentRecorded x:
                state.Views[x.EnrolmentId].Assessments.Add(new AssessmentEntry(x.Kind, x.Score, x.StandardScores, x.AssessedAt, at));
                break;
        }
    }

    /// <summary>The offering aggregate's own Apply methods, as Marten's inline snapshot would run them.</summary>
    private static Offering Evolve(Offering offering, object e) => e switch
    {
        OfferingScheduled => offering,
        OfferingRescheduled x => offering.Apply(x),
        OfferingCapacityChanged x => offering.Apply(x),
        OfferingCancelled x => offering.Apply(x),
        ParticipationReported x => offering.Apply(x),
        TraineeEnrolled x => offering.Apply(x),
        WaitlistJoined x => offering.Apply(x),
        EnrolmentWithdrawn x => offering.Apply(x),
        WaitlistedTraineePromoted x => offering.Apply(x),
        EnrolmentCancelled x => offering.Apply(x),
        AssessmentRecorded x => offering.Apply(x),
        EnrolmentCompleted x => offering.Apply(x),
        _ => throw new InvalidOperationException($"Unexpected offering event {e.GetType().Name}"),
    };
}
