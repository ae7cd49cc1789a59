using System.Globalization;
using System.Security.Claims;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

/// <summary>One change to one of a partner's enrolments; its id is the event's global sequence number.</summary>
public sealed class PartnerFeedEntry
{
    public long Id { get; set; }
    public Guid PartnerId { get; set; }
    public Guid EnrolmentId { get; set; }
    public Guid OfferingId { get; set; }
    public string Change { get; set; } = "";
    public string? Kind { get; set; }
    public int? Score { get; set; }
    public int? WaitlistPosition { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Async on purpose: the daemon applies events strictly in sequence order and never past a gap left by a transaction
/// still in flight, so a cursor (the last sequence seen) can never skip a change that commits later.
/// </summary>
public sealed partial class PartnerFeedProjection : EventProjection
{
    public PartnerFeedEntry Create(IEvent<TraineeEnrolled> e) =>
        Entry(e, e.Data.PartnerId, e.Data.EnrolmentId, e.Data.OfferingId, e.Data.Status, position: e.Data.WaitlistPosition);

    public PartnerFeedEntry Create(IEvent<WaitlistedTraineePromoted> e) =>
        Entry(e, e.Data.PartnerId, e.Data.EnrolmentId, e.Data.OfferingId, "promoted");

    public PartnerFeedEntry Create(IEvent<EnrolmentWithdrawn> e) =>
        Entry(e, e.Data.PartnerId, e.Data.EnrolmentId, e.Data.OfferingId, "withdrawn");

    public PartnerFeedEntry Create(IEvent<EnrolmentCancelled> e) =>
        Entry(e, e.Data.PartnerId, e.Data.EnrolmentId, e.Data.OfferingId, "cancelled", reason: e.Data.Reason);

    public PartnerFeedEntry Create(IEvent<AssessmentRecorded> e) =>
        Entry(e, e.Data.PartnerId, e.Data.EnrolmentId, e.Data.OfferingId, "assessed", e.Data.Kind, e.Data.Score);

    public PartnerFeedEntry Create(IEvent<EnrolmentCompleted> e) =>
        Entry(e, e.Data.PartnerId, e.Data.EnrolmentId, e.Data.OfferingId, e.Data.Outcome);

    private static PartnerFeedEntry Entry(IEvent e, Guid partnerId, Guid enrolmentId, Guid offeringId, string change,
        string? kind = null, int? score = null, int? position = null, string? reason = null) => new()
    {
        Id = e.Sequence,
        PartnerId = partnerId,
        EnrolmentId = enrolmentId,
        OfferingId = offeringId,
        Change = change,
        Kind = kind,
        Score = score,
        WaitlistPosition = position,
        Reason = reason,
        At = e.Timestamp,
    };
}

public sealed record FeedPage(IReadOnlyList<PartnerFeedEntry> Items, string Next, bool HasMore);

public static class GetPartnerFeedEndpoint
{
    public const int MaxLimit = 500;

    [WolverineGet("/api/partners/me/feed", OperationId = "readPartnerFeed")]
    [Microsoft.AspNetCore.Authorization.Authorize(Policy = Roles.Policies.Partner)]
    [ProducesResponseType<FeedPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? after, int? limit, IQuerySession session, ClaimsPrincipal user,
        CancellationToken ct)
    {
        long cursor = 0;
        var errors = new ValidationErrors()
            .When(after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor)),
                "after", "Pass back the 'next' value of the previous page.")
            .When(limit is < 1 or > MaxLimit, "limit", $"Between 1 and {MaxLimit}.");
        if (!errors.IsEmpty) return TypedResults.Problem(Problems.Invalid(errors));

        var partnerId = user.Caller().OrganisationId;
        var take = limit ?? 100;
        var entries = await session.Query<PartnerFeedEntry>()
            .Where(f => f.PartnerId == partnerId && f.Id > cursor)
            .OrderBy(f => f.Id).Take(take + 1).ToListAsync(ct);
        var page = entries.Take(take).ToArray();
        // An empty page hands back the same position, so a client can always pass "next" as "after".
        var next = page.Length > 0 ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : cursor.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(new FeedPage(page, next, entries.Count > take));
    }
}
