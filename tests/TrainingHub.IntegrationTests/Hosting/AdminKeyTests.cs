using Alba;
using Microsoft.AspNetCore.Hosting;
using TrainingHub.IntegrationTests.Support;
using Wolverine;

namespace TrainingHub.IntegrationTests.Hosting;

public class AdminKeyTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Theory]
    [InlineData("k")]
    [InlineData("0123456789012345678901234567890")]
    public async Task Outside_development_the_host_refuses_to_start_with_a_short_admin_key(string key)
    {
        var previous = Environment.GetEnvironmentVariable("TrainingHub__AdminApiKey");
        Environment.SetEnvironmentVariable("TrainingHub__AdminApiKey", key);
        Environment.SetEnvironmentVariable("TrainingHub__DaemonMode", "Disabled");
        try
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await using var host = await AlbaHost.For<Program>(builder =>
                {
                    builder.UseEnvironment("Production");
                    builder.ConfigureServices(services => services.RunWolverineInSoloMode());
                });
            });
            Assert.Contains("at least 32 characters", refused.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TrainingHub__AdminApiKey", previous);
            Environment.SetEnvironmentVariable("TrainingHub__DaemonMode", null);
        }
    }
}
