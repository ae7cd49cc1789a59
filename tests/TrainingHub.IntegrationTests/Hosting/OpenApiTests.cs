using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Hosting;

public class OpenApiTests(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task The_document_describes_every_endpoint_and_the_api_key_scheme()
    {
        var response = await Api.Get("/openapi/v1.json", key: null);

        response.ShouldBe(200);
        var document = response.Json;
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());
        Assert.Equal("header", document["components"]!["securitySchemes"]!["ApiKey"]!["in"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/organisations", "/api/organisations/{id}/api-keys",
                     "/api/organisations/{id}/api-keys/{keyId}", "/api/reference/standards", "/api/reference/countries",
                     "/api/programmes", "/api/programmes/{id}", "/api/programmes/{id}/retire",
                     "/api/programmes/{id}/offerings", "/api/programmes/{id}/history", "/api/offerings",
                     "/api/offerings/{id}", "/api/offerings/{id}/reschedule", "/api/offerings/{id}/capacity",
                     "/api/offerings/{id}/cancel", "/api/offerings/{id}/history" })
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");

        // Spectral's array-items rule, checked here too: every array schema says what it holds.
        var untyped = document["components"]!["schemas"]!.AsObject()
            .SelectMany(schema => (schema.Value!["properties"]?.AsObject() ?? []).Select(p => (schema.Key, p.Key, p.Value)))
            .Where(p => p.Value!["type"]?.ToJsonString().Contains("array") == true && p.Value["items"] is null)
            .Select(p => $"{p.Item1}.{p.Item2}").ToArray();
        Assert.True(untyped.Length == 0, "Arrays without items: " + string.Join(", ", untyped));

        var register = paths["/api/programmes"]!["post"]!;
        Assert.NotNull(register["requestBody"]);
        Assert.NotNull(register["responses"]!["201"]);
        Assert.NotNull(register["responses"]!["422"]);
    }

    [Fact]
    public async Task The_document_lists_the_concurrency_size_and_rate_limit_answers()
    {
        var paths = (await Api.Get("/openapi/v1.json", key: null)).ShouldBe(200).Json["paths"]!;

        foreach (var (path, method) in new[] { ("/api/offerings/{id}/capacity", "post"), ("/api/offerings/{id}/cancel", "post"),
                     ("/api/offerings/{id}/reschedule", "post"), ("/api/programmes/{id}/retire", "post"), ("/api/programmes/{id}", "put") })
        {
            var responses = paths[path]![method]!["responses"]!;
            Assert.True(responses["412"] is not null && responses["428"] is not null, $"{method} {path} lacks 412/428");
        }
        Assert.Null(paths["/api/offerings/{id}/enrolments"]!["post"]!["responses"]!["412"]);
        Assert.NotNull(paths["/api/programmes"]!["post"]!["responses"]!["413"]);
        Assert.Null(paths["/api/programmes"]!["get"]!["responses"]!["413"]);
        foreach (var operation in paths.AsObject().SelectMany(p => p.Value!.AsObject()))
            Assert.NotNull(operation.Value!["responses"]!["429"]);
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var response = await Api.Get("/swagger/index.html", key: null);
        response.ShouldBe(200);
        Assert.Contains("swagger", response.Body, StringComparison.OrdinalIgnoreCase);
    }
}
