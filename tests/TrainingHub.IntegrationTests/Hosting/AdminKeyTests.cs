using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Hosting;

/// <summary>Outside Development the host refuses to serve with a weak secret: a short key can be guessed.</summary>
public class AdminKeyTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string StrongKey = "a-strong-secret-of-forty-characters-0123";

    private Task<InvalidOperationException> StartInProductionRefused(string adminKey, string personalDataKey) =>
        Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var host = await Fixture.StartAnotherHost("Production",
                ("TrainingHub:AdminApiKey", adminKey), ("TrainingHub:PersonalDataKey", personalDataKey));
        });

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
