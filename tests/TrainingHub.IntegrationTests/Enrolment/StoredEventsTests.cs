using Marten;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;
using TrainingHub.Offerings;

namespace TrainingHub.IntegrationTests.Enrolment;

/// <summary>Streams written by earlier versions load and project: no stored event was renamed or reshaped.</summary>
public class StoredEventsTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task A_waitlist_stored_before_tickets_existed_keeps_its_order_once_the_projections_are_rebuilt()
    {
        var (provider, programmeId, offeringId) = await Api.OpenOffering(capacity: 1);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        // As an earlier version wrote them: waitlisted enrolments with no WaitlistJoined after them.
        var enrolments = Enumerable.Range(0, 4).Select(_ => Guid.CreateVersion7()).ToArray();
        await using (var session = Store.LightweightSession())
        {
            session.Events.Append(offeringId, [.. enrolments.Select((id, i) => (object)new TraineeEnrolled(offeringId, id,
                Guid.NewGuid(), portal.Id, programmeId, provider.Id,
                i == 0 ? EnrolmentStatus.Confirmed : EnrolmentStatus.Waitlisted, i == 0 ? null : i,
                "female", "KAZ", "nso", $"stored-key-{i}"))]);
            await session.SaveChangesAsync();
        }

        var daemon = await Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<Offering>(CancellationToken.None);
        await daemon.RebuildProjectionAsync<LiveEnrolmentProjection>(CancellationToken.None);

        var queued = await Positions(portal.Key, enrolments[1..]);
        Assert.Equal([1, 2, 3], queued);
        (await Api.Post($"/api/enrolments/{enrolments[0]}/withdraw", portal.Key, null)).ShouldBe(200);
        Assert.Equal("confirmed", (await Api.Get($"/api/enrolments/{enrolments[1]}", portal.Key)).Json["enrolment"]!["status"]!
            .GetValue<string>());
        var left = await Positions(portal.Key, enrolments[2..]);
        Assert.Equal([1, 2], left);
        // A new arrival queues behind them: its ticket (its event's version) is higher than every stored one.
        var next = await Api.Enrol(portal.Key, offeringId, Bodies.Enrolment("next@x.org"));
        next.ShouldBe(201);
        Assert.Equal(3, next.Json["waitlistPosition"]!.GetValue<int>());
        var all = await Positions(portal.Key, [.. enrolments[2..], next.Json["enrolmentId"]!.GetValue<Guid>()]);
        Assert.Equal([1, 2, 3], all);
    }

    private async Task<int[]> Positions(string key, IEnumerable<Guid> enrolments)
    {
        var positions = new List<int>();
        foreach (var id in enrolments)
            positions.Add((await Api.Get($"/api/enrolments/{id}", key)).Json["waitlistPosition"]!.GetValue<int>());
        return [.. positions];
    }
}
