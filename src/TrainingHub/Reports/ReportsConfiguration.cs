using JasperFx.Events.Projections;
using Marten;

namespace TrainingHub.Reports;

public static class ReportsConfiguration
{
    /// <summary>Report facts are async: the daemon keeps them, requests never replay events.</summary>
    public static StoreOptions ConfigureReports(this StoreOptions options)
    {
        options.Projections.Add<ProgrammeTimelineProjection>(ProjectionLifecycle.Async);
        options.Projections.Add<OfferingTimelineProjection>(ProjectionLifecycle.Async);
        options.Schema.For<ProgrammeTimeline>().Index(t => t.RecordedAt);
        options.Schema.For<OfferingTimeline>().Index(t => t.RecordedAt);
        return options;
    }
}
