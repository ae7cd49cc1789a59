using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace TrainingHub.IntegrationTests.Support;

[Collection(IntegrationCollection.Name)]
public abstract class IntegrationContext(AppFixture fixture) : IAsyncLifetime
{
    protected AppFixture Fixture => fixture;
    protected IAlbaHost Host => fixture.Host;
    protected IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();
    protected Api Api => new(Host);

    public async Task InitializeAsync()
    {
        await Host.ResetAllMartenDataAsync();
        // The reset deletes data under the running app: a fresh world can end at the very same projection positions.
        Host.Services.GetRequiredService<TrainingHub.Reports.ReportFacts>().Forget();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
