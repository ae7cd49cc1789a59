using Alba;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Enrolment;

public class ConcurrencyTests(AppFixture fixture) : IntegrationContext(fixture)
{
    /// <summary>A second API node on the same database, as a load balancer would spread requests.</summary>
    private Task<IAlbaHost> SecondNode() => Fixture.StartAnotherHost("Development");

    private static async Task<IReadOnlyList<Response>> Parallel(int count, Func<int, Task<Response>> request)
    {
        using var gate = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            return await request(i);
        }).ToArray();
        gate.Release(count);
        return await Task.WhenAll(tasks);
    }

    private async Task Overbook(params IAlbaHost[] nodes)
    {
        var (provider, _, offeringId) = await Api.OpenOffering(capacity: 50);
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var apis = nodes.Select(n => new Api(n)).ToArray();

        var responses = await Parallel(200, i =>
            apis[i % apis.Length].Enrol(portal.Key, offeringId, Bodies.Enrolment($"trainee{i}@x.org")));

        Assert.All(responses, r => r.ShouldBe(201));
        Assert.Equal(50, responses.Count(r => r.Json["status"]!.GetValue<string>() == "confirmed"));
        var positions = responses.Where(r => r.Json["status"]!.GetValue<string>() == "waitlisted")
            .Select(r => r.Json["waitlistPosition"]!.GetValue<int>()).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 150), positions);

        var roster = (await Api.Get($"/api/offerings/{offeringId}/roster", provider.Key)).Json;
        Assert.Equal(50, roster["confirmed"]!.AsArray().Count);
        Assert.Equal(Enumerable.Range(1, 150), roster["waitlist"]!.AsArray().Select(e => e!["waitlistPosition"]!.GetValue<int>()));
        // First come, first served: the queue is in the order the answers gave, whatever the nodes' clocks.
        var queuedInAnswerOrder = responses.Where(r => r.Json["status"]!.GetValue<string>() == "waitlisted")
            .OrderBy(r => r.Json["waitlistPosition"]!.GetValue<int>()).Select(r => r.Json["enrolmentId"]!.GetValue<Guid>());
        Assert.Equal(queuedInAnswerOrder, roster["waitlist"]!.AsArray().Select(e => e!["enrolmentId"]!.GetValue<Guid>()));

        var leaving = roster["confirmed"]!.AsArray().Take(10).Select(e => e!["enrolmentId"]!.GetValue<Guid>()).ToArray();
        var withdrawals = await Parallel(10, i =>
            apis[i % apis.Length].Post($"/api/enrolments/{leaving[i]}/withdraw", portal.Key, null));

        Assert.All(withdrawals, r => r.ShouldBe(200));
        roster = (await Api.Get($"/api/offerings/{offeringId}/roster", provider.Key)).Json;
        Assert.Equal(50, roster["confirmed"]!.AsArray().Count);
        Assert.Equal(50, roster["seatsTaken"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(1, 140), roster["waitlist"]!.AsArray().Select(e => e!["waitlistPosition"]!.GetValue<int>()));
        // The ten longest-waiting took the freed seats; the rest kept their order.
        Assert.Equal(queuedInAnswerOrder.Skip(10), roster["waitlist"]!.AsArray().Select(e => e!["enrolmentId"]!.GetValue<Guid>()));
        Assert.Empty(roster["confirmed"]!.AsArray().Select(e => e!["enrolmentId"]!.GetValue<Guid>()).Intersect(leaving));
    }

    [Fact]
    public Task Two_hundred_parallel_enrolments_never_oversell_fifty_seats() => Overbook(Host);

    [Fact]
    public async Task Two_api_nodes_on_one_database_never_oversell_either()
    {
        await using var second = await SecondNode();
        await Overbook(Host, second);
    }

    [Fact]
    public async Task Twenty_parallel_retries_of_one_key_make_one_enrolment_and_twenty_identical_answers()
    {
        var (provider, _, offeringId) = await Api.OpenOffering();
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        await using var second = await SecondNode();
        var apis = new[] { Api, new Api(second) };

        var responses = await Parallel(20, i =>
            apis[i % 2].Enrol(portal.Key, offeringId, Bodies.Enrolment("retry@x.org"), idempotencyKey: "same-key"));

        Assert.All(responses, r => r.ShouldBe(201));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        var roster = (await Api.Get($"/api/offerings/{offeringId}/roster", provider.Key)).Json;
        Assert.Single(roster["confirmed"]!.AsArray());
    }

    [Fact]
    public async Task The_same_new_person_enrolled_in_parallel_into_two_offerings_is_one_trainee()
    {
        var (_, _, first) = await Api.OpenOffering(providerName: "UNFPA");
        var (_, _, second) = await Api.OpenOffering(providerName: "IOM");
        var portal = await Api.NewOrganisationWithKey("Portal", Roles.Partner);
        var offerings = new[] { first, second };

        var responses = await Parallel(2, i => Api.Enrol(portal.Key, offerings[i], Bodies.Enrolment("twin@x.org")));

        Assert.All(responses, r => r.ShouldBe(201));
        Assert.Single(responses.Select(r => r.Json["traineeId"]!.GetValue<Guid>()).Distinct());
    }
}
