using Microsoft.AspNetCore.Http;
using TrainingHub.Kernel;

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
    [InlineData("\"1\", \"3\"")]
    [InlineData(" \"3\" ")]
    public void Matching_versions_pass(string header) =>
        Versioning.CheckIfMatch(Request(header), 3, required: true).ShouldBeNone();

    [Theory]
    [InlineData("\"2\"")]
    [InlineData("garbage")]
    [InlineData("3")]
    [InlineData("W/\"3\"")]
    [InlineData("W/\"2\", W/\"3\"")]
    public void Other_versions_and_weak_etags_are_412(string header) =>
        Versioning.CheckIfMatch(Request(header), 3, required: true).ShouldHaveStatus(412);

    [Theory]
    [InlineData("*", true)]
    [InlineData("*", false)]
    [InlineData("\"3\", *", false)]
    public void A_wildcard_is_not_a_version_and_is_428(string header, bool required) =>
        Versioning.CheckIfMatch(Request(header), 3, required).ShouldHaveStatus(428);
}
