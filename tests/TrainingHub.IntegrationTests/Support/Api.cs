using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Offerings;
using Wolverine;
using Wolverine.Tracking;

namespace TrainingHub.IntegrationTests.Support;

public sealed record Response(int Status, string Body, IHeaderDictionaryView Headers)
{
    public JsonNode Json => JsonNode.Parse(Body)!;
    public T As<T>() => JsonSerializer.Deserialize<T>(Body, JsonSerializerOptions.Web)!;
    public string? ContentType => Headers.Get("Content-Type");
}

public sealed record IHeaderDictionaryView(Microsoft.AspNetCore.Http.IHeaderDictionary Inner)
{
    public string? Get(string name) => Inner.TryGetValue(name, out var value) ? value.ToString() : null;
}

public sealed record Provider(Guid Id, string Key);

/// <summary>Tests speak to the API only through HTTP, like a partner site or an analyst would.</summary>
public sealed class Api(IAlbaHost host)
{
    public const string AdminKey = AppFixture.AdminKey;

    public async Task<Response> Send(HttpMethod method, string url, string? key, object? body = null,
        string? rawJson = null, IDictionary<string, string>? headers = null)
    {
        var result = await host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            if (method == HttpMethod.Get) s.Get.Url(url);
            else if (method == HttpMethod.Delete) s.Delete.Url(url);
            else if (method == HttpMethod.Put) s.Put.Url(url);
            else s.Post.Url(url);
            var json = rawJson ?? (body is null ? null : JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
            if (json is not null)
            {
                s.Text(json);
                s.ConfigureHttpContext(http => http.Request.ContentType = "application/json");
            }
            if (key is not null) s.WithRequestHeader(ApiKeyAuthentication.Header, key);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
                s.WithRequestHeader(name, value);
        });
        var text = await result.ReadAsTextAsync();
        return new Response(result.Context.Response.StatusCode, text, new IHeaderDictionaryView(result.Context.Response.Headers));
    }

    public Task<Response> Get(string url, string? key) => Send(HttpMethod.Get, url, key);

    /// <summary>A GET whose answer is binary (a workbook).</summary>
    public async Task<(int Status, byte[] Body, IHeaderDictionaryView Headers)> GetBytes(string url, string? key)
    {
        var result = await host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            s.Get.Url(url);
            if (key is not null) s.WithRequestHeader(ApiKeyAuthentication.Header, key);
        });
        var body = result.Context.Response.Body;
        if (body.CanSeek) body.Position = 0;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return (result.Context.Response.StatusCode, copy.ToArray(), new IHeaderDictionaryView(result.Context.Response.Headers));
    }

    public async Task<Response> PostCsv(string url, string? key, string csv)
    {
        var result = await host.Scenario(s =>
        {
            s.IgnoreStatusCode();
            s.Post.Url(url);
            s.Text(csv);
            s.ConfigureHttpContext(http => http.Request.ContentType = "text/csv");
            if (key is not null) s.WithRequestHeader(ApiKeyAuthentication.Header, key);
        });
        return new Response(result.Context.Response.StatusCode, await result.ReadAsTextAsync(),
            new IHeaderDictionaryView(result.Context.Response.Headers));
    }

    /// <summary>
    /// Sends a request inside a Wolverine tracked session: returns its response once every message it set off (and
    /// every message those cascade) has been handled, e.g. the import that runs in the background after a 202.
    /// Throws when that work fails or is still running after the timeout.
    /// </summary>
    public async Task<Response> Tracked(Func<Task<Response>> request)
    {
        Response? response = null;
        // Generous: a loaded CI machine imports thousands of rows slowly; the tests are about the outcome, not speed.
        await host.TrackActivity(TimeSpan.FromMinutes(1))
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ => response = await request()));
        return response!;
    }
    public Task<Response> Post(string url, string? key, object? body) => Send(HttpMethod.Post, url, key, body);
    public Task<Response> Put(string url, string? key, object? body, string? ifMatch) =>
        Send(HttpMethod.Put, url, key, body,
            headers: ifMatch is null ? null : new Dictionary<string, string> { ["If-Match"] = ifMatch });
    public Task<Response> Delete(string url, string? key) => Send(HttpMethod.Delete, url, key);

    public async Task<Guid> RegisterOrganisation(string name, string kind = "international", string? code = null)
    {
        var response = await Post("/api/organisations", AdminKey, new { name, kind, code });
        response.ShouldBe(201);
        return response.Json["id"]!.GetValue<Guid>();
    }

    public async Task<string> IssueKey(Guid organisationId, string role)
    {
        var response = await Post($"/api/organisations/{organisationId}/api-keys", AdminKey, new { role });
        response.ShouldBe(201);
        return response.Json["key"]!.GetValue<string>();
    }

    public async Task<Provider> NewOrganisationWithKey(string name, string role, string kind = "international")
    {
        var id = await RegisterOrganisation(name, kind);
        return new Provider(id, await IssueKey(id, role));
    }

    public Task<Provider> NewProvider(string name = "UNFPA") => NewOrganisationWithKey(name, Roles.Provider);

    public async Task<ProgrammeView> RegisterProgramme(string key, object? body = null)
    {
        var response = await Post("/api/programmes", key, body ?? Bodies.Programme());
        response.ShouldBe(201);
        return response.As<ProgrammeView>();
    }

    public Task<Response> Enrol(string key, Guid offeringId, object body, string? idempotencyKey = null) =>
        Send(HttpMethod.Post, $"/api/offerings/{offeringId}/enrolments", key, body,
            headers: new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey ?? Guid.NewGuid().ToString() });

    /// <summary>A provider with a programme and an offering open for enrolment now.</summary>
    public async Task<(Provider Provider, Guid ProgrammeId, Guid OfferingId)> OpenOffering(int capacity = 30,
        string providerName = "UNFPA")
    {
        var provider = await NewProvider(providerName);
        var programme = await RegisterProgramme(provider.Key);
        var offering = await ScheduleOffering(provider.Key, programme.Id, Bodies.OpenOffering(capacity));
        return (provider, programme.Id, offering.Id);
    }

    public async Task<OfferingView> ScheduleOffering(string key, Guid programmeId, object? body = null)
    {
        var response = await Post($"/api/programmes/{programmeId}/offerings", key, body ?? Bodies.Offering());
        response.ShouldBe(201);
        return response.As<OfferingView>();
    }
}

public static class ResponseAssertions
{
    public static Response ShouldBe(this Response response, int status)
    {
        Assert.True(response.Status == status, $"Expected {status} but got {response.Status}: {response.Body}");
        if (status >= 400)
            Assert.StartsWith("application/problem+json", response.ContentType ?? "");
        return response;
    }

    /// <summary>422 problem+json naming <paramref name="field"/> in its errors.</summary>
    public static Response ShouldRejectField(this Response response, string field)
    {
        response.ShouldBe(422);
        var errors = response.Json["errors"]?.AsObject();
        Assert.True(errors is not null && errors.ContainsKey(field),
            $"Expected an error on '{field}' but got: {response.Body}");
        return response;
    }
}
