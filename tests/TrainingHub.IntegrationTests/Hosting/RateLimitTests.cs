using Alba;
using Microsoft.AspNetCore.Hosting;
using TrainingHub.Access;
using TrainingHub.IntegrationTests.Support;
using Wolverine;

namespace TrainingHub.IntegrationTests.Hosting;

public class RateLimitTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task A_noisy_key_gets_429_with_retry_after_while_other_keys_are_served()
    {
        var noisy = await Api.NewOrganisationWithKey("Noisy portal", Roles.Partner);
        var quiet = await Api.NewOrganisationWithKey("Quiet portal", Roles.Partner);

        var previous = (Environment.GetEnvironmentVariable("TrainingHub__RateLimit__PermitsPerSecond"),
            Environment.GetEnvironmentVariable("TrainingHub__RateLimit__Burst"));
        Environment.SetEnvironmentVariable("TrainingHub__RateLimit__PermitsPerSecond", "2");
        Environment.SetEnvironmentVariable("TrainingHub__RateLimit__Burst", "5");
        Environment.SetEnvironmentVariable("TrainingHub__DaemonMode", "Disabled");
        IAlbaHost limited;
        try
        {
            limited = await AlbaHost.For<Program>(builder =>
            {
                builder.UseEnvironment("Development");
                builder.ConfigureServices(services => services.RunWolverineInSoloMode());
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("TrainingHub__RateLimit__PermitsPerSecond", previous.Item1);
            Environment.SetEnvironmentVariable("TrainingHub__RateLimit__Burst", previous.Item2);
            Environment.SetEnvironmentVariable("TrainingHub__DaemonMode", null);
        }

        await using (limited)
        {
            var api = new Api(limited);
            var burst = new List<Response>();
            for (var i = 0; i < 12; i++) burst.Add(await api.Get("/api/reference/levels", noisy.Key));

            Assert.True(burst.Count(r => r.Status == 200) is >= 5 and <= 7, string.Join(",", burst.Select(r => r.Status)));
            var rejected = burst.First(r => r.Status == 429);
            rejected.ShouldBe(429);
            Assert.True(int.Parse(rejected.Headers.Get("Retry-After")!) >= 1);

            (await api.Get("/api/reference/levels", quiet.Key)).ShouldBe(200);
        }
    }
}
