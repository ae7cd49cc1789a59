using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TrainingHub.Hosting;
using TrainingHub.IntegrationTests.Support;

namespace TrainingHub.IntegrationTests.Hosting;

/// <summary>
/// Over-long URLs (414), over-large headers (431) and headers that are not UTF-8 (400) answer problem+json: in the
/// pipeline (Alba) and through a real Kestrel socket, where Kestrel's own limits sit above the API's.
/// </summary>
public class RequestEdgeTests(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly string LongQuery = "/api/programmes?q=" + new string('a', RequestEdges.MaxTargetLength);

    [Fact]
    public async Task In_the_pipeline_an_overlong_url_is_414_and_oversized_headers_are_431_as_problems()
    {
        var url = (await Api.Get(LongQuery, Api.AdminKey)).ShouldBe(414);
        Assert.True(url.Body.Length < 1000, "the problem does not echo the URL back");

        (await Api.Send(HttpMethod.Get, "/api/programmes", Api.AdminKey,
            headers: new Dictionary<string, string> { ["X-Big"] = new string('b', RequestEdges.MaxHeaderBytes) })).ShouldBe(431);
        (await Api.Send(HttpMethod.Get, "/api/programmes", Api.AdminKey,
            headers: Enumerable.Range(0, RequestEdges.MaxHeaderCount).ToDictionary(i => $"X-H{i}", _ => "v"))).ShouldBe(431);
        (await Api.Send(HttpMethod.Get, "/api/programmes", Api.AdminKey,
            headers: new Dictionary<string, string> { ["X-Odd"] = "a\uFFFDb" })).ShouldBe(400);

        (await Api.Get("/api/reference/levels?pad=" + new string('a', 7000), Api.AdminKey)).ShouldBe(200);
    }

    [Fact]
    public async Task Through_kestrel_edges_answer_problems_where_kestrel_lets_the_request_through()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            Fixture.Configure(builder, "Development", [("TrainingHub:DaemonMode", "Disabled")]));
        factory.UseKestrel(0);
        factory.StartServer();
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.First());

        async Task<(int Status, string Head, string Body)> Raw(byte[] request)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(address.Host, address.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(request);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return (int.Parse(text.Split(' ')[1]), text[..split], text[(split + 4)..]);
        }
        byte[] Get(string target, string headers = "") =>
            Encoding.Latin1.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {Api.AdminKey}\r\n{headers}Connection: close\r\n\r\n");

        void ShouldBeProblem((int Status, string Head, string Body) response, int status)
        {
            Assert.True(response.Status == status, $"expected {status}: {response.Head}");
            Assert.Contains("Content-Type: application/problem+json", response.Head);
            Assert.Contains($"\"status\":{status}", response.Body);
        }

        Assert.Equal(200, (await Raw(Get("/api/reference/levels"))).Status);
        ShouldBeProblem(await Raw(Get(LongQuery)), 414);
        ShouldBeProblem(await Raw(Get("/api/programmes", $"X-Big: {new string('b', RequestEdges.MaxHeaderBytes)}\r\n")), 431);
        ShouldBeProblem(await Raw(Get("/api/programmes", string.Concat(Enumerable.Range(0, RequestEdges.MaxHeaderCount)
            .Select(i => $"X-H{i}: v\r\n")))), 431);
        var invalidUtf8 = Get("/api/programmes", "X-Odd: \u00C3\u0028\u00FF\r\n"); // Latin-1 bytes C3 28 FF
        ShouldBeProblem(await Raw(invalidUtf8), 400);

        // Kestrel rejects these itself, before any middleware runs: a 4xx, never a 5xx (its body cannot be set).
        Assert.Equal(400, (await Raw(Get("/api/a%00b"))).Status);
        Assert.Equal(414, (await Raw(Get("/api/programmes?q=" + new string('a', RequestEdges.KestrelMaxRequestLine)))).Status);
        Assert.Equal(431, (await Raw(Get("/api/programmes", $"X-Big: {new string('b', RequestEdges.KestrelMaxHeaderBytes)}\r\n"))).Status);
    }
}
