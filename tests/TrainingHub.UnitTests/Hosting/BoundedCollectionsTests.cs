using System.Text.Json;
using TrainingHub.Catalogue;
using TrainingHub.Enrolment;
using TrainingHub.Reference;

namespace TrainingHub.UnitTests.Hosting;

public class BoundedCollectionsTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;

    [Fact]
    public void A_list_is_read_no_further_than_one_past_its_vocabulary()
    {
        var json = "{\"disciplines\":[" + string.Join(',', Enumerable.Repeat("\"demography\"", 100_000)) + "]}";

        var input = JsonSerializer.Deserialize<ProgrammeInput>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(Reference.Size(Vocabulary.Disciplines) + 1, input.Disciplines!.Count);
        ProgrammeInput.Validate(input, Reference).ShouldRejectField("disciplines");
    }

    [Fact]
    public void A_modules_element_list_is_read_no_further_than_one_past_the_element_tags()
    {
        var json = "{\"modules\":[{\"title\":\"Concepts\",\"elements\":["
                   + string.Join(',', Enumerable.Repeat("\"EGMS-CF-2021:usual-residence\"", 100_000)) + "]}]}";

        var input = JsonSerializer.Deserialize<ProgrammeInput>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(Reference.Size(Vocabulary.StandardElements) + 1, input.Modules![0].Elements!.Count);
        ProgrammeInput.Validate(input, Reference).ShouldRejectField("modules[0].elements");
    }

    [Fact]
    public void A_list_within_its_vocabulary_is_read_whole()
    {
        var input = JsonSerializer.Deserialize<ProgrammeInput>("{\"countries\":[\"KAZ\",\"KGZ\",null],\"regions\":null}",
            JsonSerializerOptions.Web)!;

        Assert.Equal(new string?[] { "KAZ", "KGZ", null }, input.Countries!.ToArray<string?>());
        Assert.Null(input.Regions);
    }

    [Fact]
    public void A_map_is_read_no_further_than_one_past_its_vocabulary()
    {
        var json = "{\"kind\":\"pre\",\"score\":1,\"standardScores\":{"
                   + string.Join(',', Enumerable.Range(0, 50_000).Select(i => $"\"S{i}\":1")) + "}}";

        var command = JsonSerializer.Deserialize<RecordAssessment>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(Reference.Size(Vocabulary.Standards) + 1, command.StandardScores!.Count);
        RecordAssessment.Validate(command, Reference, DateTimeOffset.UtcNow).ShouldRejectField("standardScores");
    }

    [Theory]
    [InlineData("{\"disciplines\":\"demography\"}")]
    [InlineData("{\"disciplines\":[1]}")]
    [InlineData("{\"disciplines\":{}}")]
    public void A_list_of_the_wrong_shape_is_malformed_json(string json) =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ProgrammeInput>(json, JsonSerializerOptions.Web));

    [Fact]
    public void A_list_round_trips()
    {
        var input = new ProgrammeInput("T", null, "basic", ["demography"], null, null, null, null, null, null, null, null, null);

        var copy = JsonSerializer.Deserialize<ProgrammeInput>(JsonSerializer.Serialize(input, JsonSerializerOptions.Web),
            JsonSerializerOptions.Web)!;

        Assert.Equal(["demography"], copy.Disciplines!);
    }
}
