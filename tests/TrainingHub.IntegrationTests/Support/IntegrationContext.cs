using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace TrainingHub.IntegrationTests.Support;

[Collection(IntegrationCollection.Name)]
public abstract class IntegrationContext(AppFixture fixture) : IAsyncLifetime
{
    protected IAlbaHost Host => fixture.Host;
    protected IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();
    protected Api Api => new(Host);

    public Task InitializeAsync() => Host.ResetAllMartenDataAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
