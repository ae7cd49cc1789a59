using TrainingHub.Hosting;
using TrainingHub.Kernel;

namespace TrainingHub.UnitTests.Hosting;

public class AdminKeyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("k")]
    [InlineData("0123456789012345678901234567890")]
    [InlineData("   0123456789012345678901234567890   ")]
    public void Outside_development_a_missing_or_short_admin_key_is_refused(string? key) =>
        Assert.NotNull(TrainingHubOptions.AdminKeyProblem(key, isDevelopment: false));

    [Fact]
    public void Outside_development_an_admin_key_of_32_characters_is_accepted() =>
        Assert.Null(TrainingHubOptions.AdminKeyProblem(new string('x', 32), isDevelopment: false));

    [Theory]
    [InlineData(null)]
    [InlineData("k")]
    public void Development_accepts_any_admin_key(string? key) =>
        Assert.Null(TrainingHubOptions.AdminKeyProblem(key, isDevelopment: true));
}

public class PersonalDataKeyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789012345678901234567890")]
    public void Outside_development_a_missing_or_short_personal_data_key_is_refused(string? key) =>
        Assert.NotNull(TrainingHubOptions.PersonalDataKeyProblem(key, isDevelopment: false));

    [Fact]
    public void Outside_development_a_personal_data_key_of_32_characters_is_accepted() =>
        Assert.Null(TrainingHubOptions.PersonalDataKeyProblem(new string('x', 32), isDevelopment: false));
}
