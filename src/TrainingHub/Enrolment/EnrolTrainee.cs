using System.Net.Mail;
using System.Security.Claims;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public sealed record TraineeInput(
    string? Email, string? GivenName, string? FamilyName, string? Sex, string? CountryOfResidence,
    string? Organisation, string? OrganisationType);

public sealed record EnrolTrainee(TraineeInput? Trainee, string? PartnerReference)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static ProblemDetails Validate(EnrolTrainee command, string? idempotencyKey, ReferenceData reference)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
            return Problems.BadRequest("Idempotency-Key header required",
                "Send a unique Idempotency-Key per enrolment; retries with the same key are answered without enrolling twice.");
        if (idempotencyKey.Length > 200)
            return Problems.BadRequest("Idempotency-Key too long", "At most 200 characters.");

        var t = command.Trainee;
        var errors = new ValidationErrors()
            .When(t is null, "trainee", "Required.")
            .When(command.PartnerReference is { Length: > 200 }, "partnerReference", "At most 200 characters.");
        if (t is null) return Problems.Invalid(errors);

        errors.When(t.Email is null || t.Email.Length > 254 || !IsEmail(t.Email), "trainee.email", "A valid e-mail address.")
            .When(string.IsNullOrWhiteSpace(t.GivenName) || t.GivenName.Length > 100, "trainee.givenName", "Required, 1 to 100 characters.")
            .When(string.IsNullOrWhiteSpace(t.FamilyName) || t.FamilyName.Length > 100, "trainee.familyName", "Required, 1 to 100 characters.")
            .When(t.Organisation is { Length: > 300 }, "trainee.organisation", "At most 300 characters.")
            .When(t.Sex is null, "trainee.sex", "Required (female, male, other, undisclosed).")
            .When(t.CountryOfResidence is null, "trainee.countryOfResidence", "Required (ISO 3166-1 alpha-3).")
            .When(t.OrganisationType is null, "trainee.organisationType", "Required.")
            .UnknownCode("trainee.sex", t.Sex, reference.SexCodes)
            .UnknownCode("trainee.countryOfResidence", t.CountryOfResidence, reference.CountriesByCode.Keys)
            .UnknownCode("trainee.organisationType", t.OrganisationType, reference.AudienceCodes);
        return Problems.Invalid(errors);
    }

    /// <summary>Whether the offering takes this trainee now; 409 explains why not. "Already enrolled" is judged per
    /// partner: telling partner B that partner A enrolled the person would reveal A's enrolment to B.</summary>
    public static ProblemDetails CheckOffering(Offering offering, bool partnerHoldsLiveEnrolment, DateTimeOffset now)
    {
        if (offering.Cancelled)
            return Problems.Conflict("Offering cancelled", "The offering was cancelled; it takes no enrolments.");
        if (offering.EnrolmentOpensAt is { } opens && now < opens)
            return Problems.Conflict("Enrolment not open yet", $"Enrolment opens at {opens:O}.");
        var closes = Offering.EffectiveClose(offering.StartDate, offering.EnrolmentClosesAt);
        if (now >= closes)
            return Problems.Conflict("Enrolment closed", $"Enrolment closed at {closes:O}.");
        if (partnerHoldsLiveEnrolment)
            return Problems.Conflict("Already enrolled", "You already hold a live enrolment for this trainee in this offering.");
        return Problems.None;
    }

    /// <summary>The keyed hashes the decision records instead of personal data (see <see cref="PersonalDataHasher"/>).</summary>
    public sealed record Hashes(string EmailKey, string IdempotencyKey, string Request);

    public sealed record Decision(
        IReadOnlyList<object> OfferingEvents,
        Guid TraineeId, IReadOnlyList<object> TraineeEvents,
        Guid PartnerTraineeId, bool NewPartnerTrainee, IReadOnlyList<object> PartnerTraineeEvents,
        EnrolmentReceipt Receipt)
    {
        public IReadOnlyList<StreamEvents> Changes(Guid offeringId) =>
        [
            new StreamEvents(offeringId, OfferingEvents),
            StreamEvents.Start<Trainee>(TraineeId, TraineeEvents),
            NewPartnerTrainee
                ? StreamEvents.Start<PartnerTrainee>(PartnerTraineeId, PartnerTraineeEvents)
                : new StreamEvents(PartnerTraineeId, PartnerTraineeEvents),
        ];
    }

    /// <summary>
    /// A free seat confirms; otherwise the trainee joins the end of the waitlist, with the ticket that orders it there
    /// (the enrolment event's version in the offering stream, which the lock makes this decision's to give). The
    /// caller's own record of the person takes the details it sent; no other partner's record is read or changed.
    /// </summary>
    public static Decision Decide(EnrolTrainee command, Offering offering, Trainee? person, PartnerTrainee? record,
        Guid partnerId, Hashes hashes, Guid enrolmentId, Guid newTraineeId)
    {
        var input = command.Trainee!;
        var traineeId = person?.Id ?? newTraineeId;
        var confirmed = offering.FreeSeats(offering.Capacity) > 0;
        var status = confirmed ? EnrolmentStatus.Confirmed : EnrolmentStatus.Waitlisted;
        int? position = confirmed ? null : offering.Waitlisted + 1;

        var enrolled = new TraineeEnrolled(offering.Id, enrolmentId, traineeId, partnerId, offering.ProgrammeId,
            offering.ProviderId, status, position, input.Sex!, input.CountryOfResidence!, input.OrganisationType!,
            hashes.IdempotencyKey);
        object[] offeringEvents = confirmed
            ? [enrolled]
            : [enrolled, new WaitlistJoined(offering.Id, enrolmentId, Ticket: offering.Version + 1)];
        object[] personEvents = person is null ? [new TraineeIdentified(traineeId, hashes.EmailKey)] : [];

        var recordId = PartnerTrainee.IdFor(traineeId, partnerId);
        var details = new TraineePersonalData(TrainingHub.Enrolment.Trainee.NormaliseEmail(input.Email!), input.GivenName!.Trim(),
            input.FamilyName!.Trim(), string.IsNullOrWhiteSpace(input.Organisation) ? null : input.Organisation.Trim());
        var recordEvents = new List<object>();
        if (record is null)
            recordEvents.Add(new PartnerTraineeRegistered(recordId, traineeId, partnerId, details, input.Sex!,
                input.CountryOfResidence!, input.OrganisationType!));
        else if (!record.SameDetails(details, input.Sex!, input.CountryOfResidence!, input.OrganisationType!))
            recordEvents.Add(new PartnerTraineeDetailsUpdated(recordId, details, input.Sex!, input.CountryOfResidence!,
                input.OrganisationType!));
        recordEvents.Add(new PartnerTraineeEnrolmentReferenced(recordId, enrolmentId, offering.Id,
            string.IsNullOrWhiteSpace(command.PartnerReference) ? null : command.PartnerReference.Trim(), hashes.Request));

        return new Decision(offeringEvents, traineeId, personEvents, recordId, record is null, recordEvents,
            new EnrolmentReceipt(enrolmentId, traineeId, status, position));
    }

    /// <summary>A retry of an earlier request: the first answer again, unless the key now names another request or
    /// the person's details were erased since (then nothing can be compared, and the partner is told why).</summary>
    public static ProblemDetails CheckReplay(PartnerTraineeReference? reference, string requestHash)
    {
        if (reference is null || reference.Erased)
            return Problems.Conflict("Trainee erased",
                "This Idempotency-Key belongs to an enrolment whose trainee's personal data was erased; " +
                "the request cannot be replayed. Use a new key to enrol the person again.");
        return reference.RequestHash == requestHash
            ? Problems.None
            : Problems.Invalid(new ValidationErrors().Add(IdempotencyHeader,
                "This Idempotency-Key was already used for a different request; use a new key for a new enrolment."));
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim() && value.Contains('.');
}

public sealed record EnrolmentReceipt(Guid EnrolmentId, Guid TraineeId, string Status, int? WaitlistPosition);

/// <summary>Idempotency-Key lookup, apart from the enrolment view so that the key's hash is never shown to anyone.</summary>
public sealed record EnrolmentIdempotency(Guid Id, Guid PartnerId, Guid TraineeId, string KeyHash);

/// <summary>An event projection: it inserts without reading first, so it adds no round trip under the offering's lock.</summary>
public sealed partial class EnrolmentIdempotencyProjection : EventProjection
{
    public EnrolmentIdempotency Create(TraineeEnrolled e) => new(e.EnrolmentId, e.PartnerId, e.TraineeId, e.IdempotencyKeyHash);
}

/// <summary>What an enrolment decision reads, under the offering's lock.</summary>
public sealed record EnrolmentReads(
    Offering? Offering,
    EnrolmentIdempotency? Previous,
    PartnerTraineeReference? PreviousReference,
    EnrolmentView? PreviousView,
    Trainee? Person,
    PartnerTrainee? Record,
    bool PartnerHoldsLiveEnrolment);

public static class EnrolTraineeEndpoint
{
    public static ProblemDetails Validate(EnrolTrainee command, HttpRequest request, ReferenceData reference) =>
        EnrolTrainee.Validate(command, request.Headers[EnrolTrainee.IdempotencyHeader].ToString(), reference);

    /// <summary>
    /// Through the one write path, which retries when a concurrent request registered the same person or used the
    /// same Idempotency-Key on another offering: the database's unique indexes decide those races.
    /// </summary>
    [WolverinePost("/api/offerings/{id}/enrolments", OperationId = "enrolTrainee")]
    [Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType<EnrolmentReceipt>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(Guid id, EnrolTrainee command, HttpRequest request, ClaimsPrincipal user,
        IDocumentStore store, PersonalDataHasher hasher, TimeProvider clock, CancellationToken ct)
    {
        var partnerId = user.Caller().OrganisationId;
        var hashes = new EnrolTrainee.Hashes(hasher.EmailKey(command.Trainee!.Email!),
            hasher.IdempotencyKey(partnerId, request.Headers[EnrolTrainee.IdempotencyHeader].ToString()),
            hasher.Request(id, command));
        return CommandWrite.Run(store, partnerId,
            (session, token) => Read(session, id, partnerId, hashes, token),
            reads => Decide(command, id, reads, partnerId, hashes, clock.GetUtcNow()), ct);
    }

    /// <summary>
    /// At most two round trips. The first takes the lock and, once it is granted, looks up the Idempotency-Key and the
    /// person, so it sees every enrolment committed before (parallel retries of one key see each other's result). A
    /// known person (or a replay) needs a second: the partner's record of the person, and whether the partner already
    /// holds a live enrolment of that person here (by index; never by reading the offering's enrolments).
    /// </summary>
    private static async Task<EnrolmentReads> Read(IDocumentSession session, Guid offeringId, Guid partnerId,
        EnrolTrainee.Hashes hashes, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var locked = OfferingLock.Acquire(batch, offeringId);
        var previousLookup = batch.Query<EnrolmentIdempotency>()
            .FirstOrDefault(v => v.PartnerId == partnerId && v.KeyHash == hashes.IdempotencyKey);
        var personLookup = batch.Query<Trainee>().FirstOrDefault(t => t.EmailKey == hashes.EmailKey);
        await batch.Execute(ct);
        var (offering, previous, person) = (await locked, await previousLookup, await personLookup);
        if (offering is null) return new EnrolmentReads(null, null, null, null, null, null, false);

        if (previous is not null)
        {
            var replay = session.CreateBatchQuery();
            var previousRecord = replay.Load<PartnerTrainee>(PartnerTrainee.IdFor(previous.TraineeId, previous.PartnerId));
            var previousView = replay.Load<EnrolmentView>(previous.Id);
            await replay.Execute(ct);
            return new EnrolmentReads(offering, previous, (await previousRecord)?.ReferenceFor(previous.Id),
                await previousView, null, null, false);
        }
        if (person is null) return new EnrolmentReads(offering, null, null, null, null, null, false);

        // Kept in the session, the record is what the inline snapshot starts from on save (no second read of it).
        session.UseIdentityMapFor<PartnerTrainee>();
        var known = session.CreateBatchQuery();
        var record = known.Load<PartnerTrainee>(PartnerTrainee.IdFor(person.Id, partnerId));
        var live = known.Query<LiveEnrolment>()
            .Any(l => l.TraineeId == person.Id && l.OfferingId == offeringId && l.PartnerId == partnerId);
        await known.Execute(ct);
        return new EnrolmentReads(offering, null, null, null, person, await record, await live);
    }

    private static Verdict Decide(EnrolTrainee command, Guid offeringId, EnrolmentReads reads, Guid partnerId,
        EnrolTrainee.Hashes hashes, DateTimeOffset now)
    {
        if (reads.Offering is not { } offering) return Verdict.Refuse(Problems.NotFound("Offering", offeringId));
        if (reads.Previous is { } previous)
        {
            var replayProblem = EnrolTrainee.CheckReplay(reads.PreviousReference, hashes.Request);
            return replayProblem.IsNone()
                ? Verdict.Record([], (_, _) => Task.FromResult<IResult>(Receipted(new EnrolmentReceipt(previous.Id,
                    previous.TraineeId, reads.PreviousView!.InitialStatus, reads.PreviousView.InitialWaitlistPosition))))
                : Verdict.Refuse(replayProblem);
        }

        var problem = EnrolTrainee.CheckOffering(offering, reads.PartnerHoldsLiveEnrolment, now);
        if (!problem.IsNone()) return Verdict.Refuse(problem);
        // A new person's id is random (v4, not time-ordered v7): otherwise its timestamp would tell a partner that
        // another partner had enrolled this e-mail before, and when.
        var decision = EnrolTrainee.Decide(command, offering, reads.Person, reads.Record, partnerId, hashes,
            Guid.CreateVersion7(), Guid.NewGuid());
        return Verdict.Record(decision.Changes(offering.Id), (_, _) => Task.FromResult(Receipted(decision.Receipt)));
    }

    private static IResult Receipted(EnrolmentReceipt receipt) =>
        TypedResults.Created($"/api/enrolments/{receipt.EnrolmentId}", receipt);
}
