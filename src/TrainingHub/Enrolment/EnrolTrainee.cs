using System.Net.Mail;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Hosting;
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

    /// <summary>Whether the offering takes this trainee now; 409 explains why not.</summary>
    public static ProblemDetails CheckOffering(Offering offering, Guid? traineeId, DateTimeOffset now)
    {
        if (offering.Cancelled)
            return Problems.Conflict("Offering cancelled", "The offering was cancelled; it takes no enrolments.");
        if (offering.EnrolmentOpensAt is { } opens && now < opens)
            return Problems.Conflict("Enrolment not open yet", $"Enrolment opens at {opens:O}.");
        var closes = Offering.EffectiveClose(offering.StartDate, offering.EnrolmentClosesAt);
        if (now >= closes)
            return Problems.Conflict("Enrolment closed", $"Enrolment closed at {closes:O}.");
        if (traineeId is { } id && offering.Enrolments.Any(e => e.TraineeId == id && EnrolmentStatus.IsLive(e.Status)))
            return Problems.Conflict("Already enrolled", "This trainee already holds a live enrolment in this offering.");
        return Problems.None;
    }

    public sealed record Decision(
        IReadOnlyList<object> OfferingEvents, Guid TraineeId, bool NewTrainee, IReadOnlyList<object> TraineeEvents,
        EnrolmentReceipt Receipt);

    /// <summary>A free seat confirms; otherwise the trainee joins the end of the waitlist.</summary>
    public static Decision Decide(EnrolTrainee command, Offering offering, Trainee? trainee, Guid partnerId,
        string idempotencyKey, string requestHash, Guid enrolmentId, Guid newTraineeId)
    {
        var input = command.Trainee!;
        var traineeId = trainee?.Id ?? newTraineeId;
        var confirmed = offering.SeatsTaken() < offering.Capacity;
        var status = confirmed ? EnrolmentStatus.Confirmed : EnrolmentStatus.Waitlisted;
        int? position = confirmed ? null : offering.Waitlist().Count + 1;

        var enrolled = new TraineeEnrolled(offering.Id, enrolmentId, traineeId, partnerId, offering.ProgrammeId,
            offering.ProviderId, status, position, input.Sex!, input.CountryOfResidence!, input.OrganisationType!,
            idempotencyKey);

        var person = new TraineePersonalData(TrainingHub.Enrolment.Trainee.NormaliseEmail(input.Email!), input.GivenName!.Trim(),
            input.FamilyName!.Trim(), string.IsNullOrWhiteSpace(input.Organisation) ? null : input.Organisation.Trim());
        var traineeEvents = new List<object>();
        if (trainee is null)
            traineeEvents.Add(new TraineeRegistered(traineeId, person, input.Sex!, input.CountryOfResidence!, input.OrganisationType!));
        else if (trainee.Person != person || trainee.Sex != input.Sex || trainee.CountryOfResidence != input.CountryOfResidence
                 || trainee.OrganisationType != input.OrganisationType)
            // The most recent enrolment carries the freshest details.
            traineeEvents.Add(new TraineeDetailsUpdated(traineeId, person, input.Sex!, input.CountryOfResidence!, input.OrganisationType!));
        traineeEvents.Add(new TraineeEnrolmentReferenced(traineeId, enrolmentId, offering.Id, partnerId,
            string.IsNullOrWhiteSpace(command.PartnerReference) ? null : command.PartnerReference.Trim(), requestHash));

        return new Decision([enrolled], traineeId, trainee is null, traineeEvents,
            new EnrolmentReceipt(enrolmentId, traineeId, status, position));
    }

    /// <summary>"Same body" is judged on the parsed request and the offering, not on whitespace.</summary>
    public static string RequestHash(Guid offeringId, EnrolTrainee command) =>
        Convert.ToHexStringLower(SHA256.HashData(
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { offeringId, command }))));

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim() && value.Contains('.');
}

public sealed record EnrolmentReceipt(Guid EnrolmentId, Guid TraineeId, string Status, int? WaitlistPosition);

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
        IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var caller = user.Caller();
        var key = request.Headers[EnrolTrainee.IdempotencyHeader].ToString();
        var hash = EnrolTrainee.RequestHash(id, command);
        var email = Trainee.NormaliseEmail(command.Trainee!.Email!);

        for (var attempt = 1; ; attempt++)
        {
            await using var session = OfferingLock.OpenSession(store, caller);
            var offering = await OfferingLock.Acquire(session, id, ct);
            if (offering is null) return TypedResults.Problem(Problems.NotFound("Offering", id));

            // Under the offering's lock, so parallel retries of one key see each other's result.
            var previous = await session.Query<EnrolmentView>()
                .FirstOrDefaultAsync(v => v.PartnerId == caller.OrganisationId && v.IdempotencyKey == key, ct);
            if (previous is not null) return await Replay(session, previous, hash, ct);

            var trainee = await session.Query<Trainee>().FirstOrDefaultAsync(t => t.Person.Email == email, ct);
            var problem = EnrolTrainee.CheckOffering(offering, trainee?.Id, clock.GetUtcNow());
            if (!problem.IsNone()) return TypedResults.Problem(problem);

            var decision = EnrolTrainee.Decide(command, offering, trainee, caller.OrganisationId, key, hash,
                Guid.CreateVersion7(), Guid.CreateVersion7());
            session.Events.Append(id, [.. decision.OfferingEvents]);
            if (decision.NewTrainee) session.Events.StartStream<Trainee>(decision.TraineeId, [.. decision.TraineeEvents]);
            else session.Events.Append(decision.TraineeId, [.. decision.TraineeEvents]);

            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (Exception e) when (attempt < 3 && OfferingLock.IsUniqueViolation(e))
            {
                continue;
            }
            return TypedResults.Created($"/api/enrolments/{decision.Receipt.EnrolmentId}", decision.Receipt);
        }
    }

    private static async Task<IResult> Replay(IQuerySession session, EnrolmentView previous, string hash, CancellationToken ct)
    {
        var trainee = await session.LoadAsync<Trainee>(previous.TraineeId, ct);
        if (trainee?.ReferenceFor(previous.Id)?.RequestHash != hash)
            return TypedResults.Problem(Problems.Invalid(new ValidationErrors().Add(EnrolTrainee.IdempotencyHeader,
                "This Idempotency-Key was already used for a different request; use a new key for a new enrolment.")));
        return TypedResults.Created($"/api/enrolments/{previous.Id}",
            new EnrolmentReceipt(previous.Id, previous.TraineeId, previous.InitialStatus, previous.InitialWaitlistPosition));
    }
}
