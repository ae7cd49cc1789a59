using Microsoft.AspNetCore.Http;
using TrainingHub.Hosting;

namespace TrainingHub.UnitTests.Hosting;

public class VersioningTests
{
    private static HttpRequest Request(string? ifMatch)
    {
        var context = new DefaultHttpContext();
        if (ifMatch is not null) context.Request.Headers.IfMatch = ifMatch;
        return context.Request;
    }

    [Fact]
    public void Missing_if_match_is_428_when_required() =>
        Versioning.CheckIfMatch(Request(null), 3, required: true).ShouldHaveStatus(428);

    [Fact]
    public void Missing_if_match_is_fine_when_optional() =>
        Versioning.CheckIfMatch(Request(null), 3, required: false).ShouldBeNone();

    [Theory]
    [InlineData("\"3\"")]
    [InlineData("W/\"3\"")]
    [InlineData("\"1\", \"3\"")]
    [InlineData("*")]
    public void Matching_versions_pass(string header) =>
        Versioning.CheckIfMatch(Request(header), 3, required: true).ShouldBeNone();

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("garbage")]
    public void Other_versions_are_412(string header) =>
        Versioning.CheckIfMatch(Request(header), 3, required: true).ShouldHaveStatus(412);
}
