using JasperFx.Events.Projections;
using Marten;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace TrainingHub.Reports;

public static class ReportsConfiguration
{
    /// <summary>Report facts are async: the daemon keeps them, requests never replay events.</summary>
    public static StoreOptions ConfigureReports(this StoreOptions options)
    {
        options.Projections.Add<ProgrammeTimelineProjection>(ProjectionLifecycle.Async);
        // Needs are few and written rarely: kept inline, never behind the supply facts a report reads with them.
        options.Projections.Add<NeedTimelineProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new OfferingTimelineProjection(), ProjectionLifecycle.Async, OfferingTimelineProjection.Name,
            async =>
            {
                // A rebuild starts from empty tables: these documents are this projection's alone.
                async.DeleteViewTypeOnTeardown<OfferingTimeline>();
                async.DeleteViewTypeOnTeardown<OfferingPastVersion>();
                async.DeleteViewTypeOnTeardown<OfferingTally>();
                async.DeleteViewTypeOnTeardown<EnrolmentTally>();
            });
        options.Schema.For<ProgrammeTimeline>().Duplicate(t => t.LastSequence);
        options.Schema.For<OfferingTimeline>().Duplicate(t => t.LastSequence);
        // "Which version was in force at asOf" is a range-containment question: a GiST index over the validity range.
        options.Schema.For<OfferingPastVersion>()
            .Duplicate(v => v.ValidTo, pgType: "timestamp with time zone", dbType: NpgsqlDbType.TimestampTz)
            .Duplicate(v => v.ValidFrom, pgType: "timestamp with time zone", dbType: NpgsqlDbType.TimestampTz,
                configure: index =>
                {
                    index.Method = IndexMethod.gist;
                    index.Mask = "tstzrange(?, valid_to)";
                });
        return options;
    }
}
