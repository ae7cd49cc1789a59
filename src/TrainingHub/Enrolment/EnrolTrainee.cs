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
    public static ProblemDetails CheckOffering(Offering offering, Guid? traineeId, Guid partnerId, DateTimeOffset now)
    {
        if (offering.Cancelled)
            return Problems.Conflict("Offering cancelled", "The offering was cancelled; it takes no enrolments.");
        if (offering.EnrolmentOpensAt is { } opens && now < opens)
            return Problems.Conflict("Enrolment not open yet", $"Enrolment opens at {opens:O}.");
        var closes = Offering.EffectiveClose(offering.StartDate, offering.EnrolmentClosesAt);
        if (now >= closes)
            return Problems.Conflict("Enrolment closed", $"Enrolment closed at {closes:O}.");
        if (traineeId is { } id && offering.Enrolments.Any(e =>
                e.TraineeId == id && e.PartnerId == partnerId && EnrolmentStatus.IsLive(e.Status)))
            return Problems.Conflict("Already enrolled", "You already hold a live enrolment for this trainee in this offering.");
        return Problems.None;
    }

    /// <summary>The keyed hashes the decision records instead of personal data (see <see cref="PersonalDataHasher"/>).</summary>
    public sealed record Hashes(string EmailKey, string IdempotencyKey, string Request);

    public sealed record Decision(
        IReadOnlyList<object> OfferingEvents,
        Guid TraineeId, IReadOnlyList<object> TraineeEvents,
        Guid PartnerTraineeId, bool NewPartnerTrainee, IReadOnlyList<object> PartnerTraineeEvents,
        EnrolmentReceipt Receipt);

    /// <summary>
    /// A free seat confirms; otherwise the trainee joins the end of the waitlist. The caller's own record of the person
    /// takes the details it sent; no other partner's record is read or changed.
    /// </summary>
    public static Decision Decide(EnrolTrainee command, Offering offering, Trainee? person, PartnerTrainee? record,
        Guid partnerId, Hashes hashes, Guid enrolmentId, Guid newTraineeId)
    {
        var input = command.Trainee!;
        var traineeId = person?.Id ?? newTraineeId;
        var confirmed = offering.SeatsTaken() < offering.Capacity;
        var status = confirmed ? EnrolmentStatus.Confirmed : EnrolmentStatus.Waitlisted;
        int? position = confirmed ? null : offering.Waitlist().Count + 1;

        var enrolled = new TraineeEnrolled(offering.Id, enrolmentId, traineeId, partnerId, offering.ProgrammeId,
            offering.ProviderId, status, position, input.Sex!, input.CountryOfResidence!, input.OrganisationType!,
            hashes.IdempotencyKey);
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

        return new Decision([enrolled], traineeId, personEvents, recordId, record is null, recordEvents,
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

public sealed partial class EnrolmentIdempotencyProjection : MultiStreamProjection<EnrolmentIdempotency, Guid>
{
    public EnrolmentIdempotencyProjection() => Identity<TraineeEnrolled>(e => e.EnrolmentId);

    public static EnrolmentIdempotency Create(TraineeEnrolled e) =>
        new(e.EnrolmentId, e.PartnerId, e.TraineeId, e.IdempotencyKeyHash);
}

public static class EnrolTraineeEndpoint
{
    public static ProblemDetails Validate(EnrolTrainee command, HttpRequest request, ReferenceData reference) =>
        EnrolTrainee.Validate(command, request.Headers[EnrolTrainee.IdempotencyHeader].ToString(), reference);

    /// <summary>
    /// Opens its own sessions (not the request's) so it can retry when a concurrent request registered the same person
    /// or used the same idempotency key on another offering: the database's unique indexes decide those races.
    /// </summary>
    [WolverinePost("/api/offerings/{id}/enrolments", OperationId = "enrolTrainee")]
    [Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType<EnrolmentReceipt>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, EnrolTrainee command, HttpRequest request, ClaimsPrincipal user,
        IDocumentStore store, PersonalDataHasher hasher, TimeProvider clock, CancellationToken ct)
    {
        var caller = user.Caller();
        var hashes = new EnrolTrainee.Hashes(hasher.EmailKey(command.Trainee!.Email!),
            hasher.IdempotencyKey(caller.OrganisationId, request.Headers[EnrolTrainee.IdempotencyHeader].ToString()),
            hasher.Request(id, command));

        for (var attempt = 1; ; attempt++)
        {
            await using var session = OfferingLock.OpenSession(store, caller);
            // One round trip: the lock first, then the lookups, which PostgreSQL runs only once the lock is granted, so
            // they see every enrolment committed before it (parallel retries of one key see each other's result).
            var batch = session.CreateBatchQuery();
            var locked = batch.Events.FetchForExclusiveWriting<Offering>(id);
            var previousLookup = batch.Query<EnrolmentIdempotency>()
                .FirstOrDefault(v => v.PartnerId == caller.OrganisationId && v.KeyHash == hashes.IdempotencyKey);
            var personLookup = batch.Query<Trainee>().FirstOrDefault(t => t.EmailKey == hashes.EmailKey);
            await batch.Execute(ct);
            var offering = (await locked).Aggregate;
            if (offering is null) return TypedResults.Problem(Problems.NotFound("Offering", id));

            if (await previousLookup is { } previous) return await Replay(session, previous, hashes.Request, ct);

            var person = await personLookup;
            var record = person is null
                ? null
                : await session.LoadAsync<PartnerTrainee>(PartnerTrainee.IdFor(person.Id, caller.OrganisationId), ct);
            var problem = EnrolTrainee.CheckOffering(offering, person?.Id, caller.OrganisationId, clock.GetUtcNow());
            if (!problem.IsNone()) return TypedResults.Problem(problem);

            // A new person's id is random (v4, not time-ordered v7): otherwise its timestamp would tell a partner that
            // another partner had enrolled this e-mail before, and when.
            var decision = EnrolTrainee.Decide(command, offering, person, record, caller.OrganisationId, hashes,
                Guid.CreateVersion7(), Guid.NewGuid());
            session.Events.Append(id, [.. decision.OfferingEvents]);
            if (decision.TraineeEvents.Count > 0)
                session.Events.StartStream<Trainee>(decision.TraineeId, [.. decision.TraineeEvents]);
            if (decision.NewPartnerTrainee)
                session.Events.StartStream<PartnerTrainee>(decision.PartnerTraineeId, [.. decision.PartnerTraineeEvents]);
            else session.Events.Append(decision.PartnerTraineeId, [.. decision.PartnerTraineeEvents]);

            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (attempt < 3 && DatabaseErrors.IsUniqueViolation(e))
            {
                continue;
            }
            return TypedResults.Created($"/api/enrolments/{decision.Receipt.EnrolmentId}", decision.Receipt);
        }
    }

    private static async Task<IResult> Replay(IQuerySession session, EnrolmentIdempotency previous, string requestHash,
        CancellationToken ct)
    {
        var record = await session.LoadAsync<PartnerTrainee>(PartnerTrainee.IdFor(previous.TraineeId, previous.PartnerId), ct);
        var problem = EnrolTrainee.CheckReplay(record?.ReferenceFor(previous.Id), requestHash);
        if (!problem.IsNone()) return TypedResults.Problem(problem);
        var view = (await session.LoadAsync<EnrolmentView>(previous.Id, ct))!;
        return TypedResults.Created($"/api/enrolments/{view.Id}",
            new EnrolmentReceipt(view.Id, view.TraineeId, view.InitialStatus, view.InitialWaitlistPosition));
    }
}
