using Alba;
using Microsoft.AspNetCore.Hosting;
using TrainingHub.IntegrationTests.Support;
using Wolverine;

namespace TrainingHub.IntegrationTests.Hosting;

/// <summary>Outside Development the host refuses to serve with a weak secret: a short key can be guessed.</summary>
public class AdminKeyTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string StrongKey = "a-strong-secret-of-forty-characters-0123";

    private static async Task<InvalidOperationException> StartInProductionRefused(string adminKey, string personalDataKey)
    {
        var previous = (Environment.GetEnvironmentVariable("TrainingHub__AdminApiKey"),
            Environment.GetEnvironmentVariable("TrainingHub__PersonalDataKey"));
        Environment.SetEnvironmentVariable("TrainingHub__AdminApiKey", adminKey);
        Environment.SetEnvironmentVariable("TrainingHub__PersonalDataKey", personalDataKey);
        Environment.SetEnvironmentVariable("TrainingHub__DaemonMode", "Disabled");
        try
        {
            return await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await using var host = await AlbaHost.For<Program>(builder =>
                {
                    builder.UseEnvironment("Production");
                    builder.ConfigureServices(services => services.RunWolverineInSoloMode());
                });
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("TrainingHub__AdminApiKey", previous.Item1);
            Environment.SetEnvironmentVariable("TrainingHub__PersonalDataKey", previous.Item2);
            Environment.SetEnvironmentVariable("TrainingHub__DaemonMode", null);
        }
    }

    [Theory]
    [InlineData("k")]
    [InlineData("0123456789012345678901234567890")]
    public async Task Outside_development_the_host_refuses_to_start_with_a_short_admin_key(string key)
    {
        var refused = await StartInProductionRefused(key, StrongKey);
        Assert.Contains("AdminApiKey must be at least 32 characters", refused.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789012345678901234567890")]
    public async Task Outside_development_the_host_refuses_to_start_without_a_strong_personal_data_key(string key)
    {
        var refused = await StartInProductionRefused(StrongKey, key);
        Assert.Contains("PersonalDataKey must be", refused.Message);
    }
}
