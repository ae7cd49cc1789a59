using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using TrainingHub.Reports;
using Wolverine.Http;
using Wolverine.Marten;

namespace TrainingHub.Editions;

/// <summary>
/// Publish the mapping as it stood at asOf (default: now), with the reports' filters; the date range defaults as the
/// reports' does (three years before asOf to one after) and is fixed in the edition.
/// </summary>
public sealed record PublishEdition(string? Title, string? AsOf, DateOnly? From, DateOnly? To, string? Region,
    string? Discipline, string? Standard, string? Level, Guid? Provider, string? CountryGroup)
{
    public const int MaxTitle = 300;

    public ReportQuery AsReportQuery() => new()
    {
        AsOf = AsOf, From = From, To = To, Region = Region, Discipline = Discipline, Standard = Standard, Level = Level,
        Provider = Provider, CountryGroup = CountryGroup,
    };

    public static (ReportScope? Scope, ProblemDetails Problem) Validate(PublishEdition command, ReferenceData reference,
        DateTimeOffset now)
    {
        var titled = Problems.Invalid(new ValidationErrors().When(
            string.IsNullOrWhiteSpace(command.Title) || command.Title.Trim().Length > MaxTitle, "title",
            $"Required, 1 to {MaxTitle} characters."));
        if (!titled.IsNone()) return (null, titled);
        var (scope, problem) = ReportScope.Resolve(command.AsReportQuery(), reference, now);
        if (!problem.IsNone()) return (null, problem);
        // A future asOf would change as events arrive: an edition shows what was already recorded.
        return scope!.AsOf > now
            ? (null, Problems.Invalid(new ValidationErrors().Add("asOf", "Must not be in the future: an edition shows what was recorded.")))
            : (scope, Problems.None);
    }

    public static MappingEditionPublished Decide(PublishEdition command, ReportScope scope, Guid editionId, long position,
        Caller publisher, string publisherName, DateTimeOffset now) =>
        new(editionId, command.Title!.Trim(), scope.AsOf,
            new EditionScope(scope.From, scope.To, scope.Region, scope.Discipline, scope.Standard, scope.Level, scope.Provider,
                scope.CountryGroup),
            position, publisher.OrganisationId, publisherName, now);
}

/// <summary>What publishing reads first: the instant it happens, then the highest committed position (in that order, so
/// every event recorded by that instant is at or below the position) and the publisher's name.</summary>
public sealed record PublishingMoment(DateTimeOffset Now, long Position, string PublisherName);

public static class PublishEditionEndpoint
{
    public static async Task<PublishingMoment> LoadAsync(ClaimsPrincipal user, IQuerySession session, TimeProvider clock,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var positions = await FactPositions.ReadAsync(session, ct);
        return new PublishingMoment(now, positions.Committed, await CallerName.OfAsync(session, user.Caller(), ct));
    }

    public static ProblemDetails Validate(PublishEdition command, ReferenceData reference, PublishingMoment moment) =>
        PublishEdition.Validate(command, reference, moment.Now).Problem;

    [WolverinePost("/api/editions", OperationId = "publishEdition")]
    [Authorize(Policy = Roles.Policies.Analyst)]
    [ProducesResponseType<EditionView>(StatusCodes.Status201Created)]
    public static (IResult, IStartStream) Post(PublishEdition command, PublishingMoment moment, ClaimsPrincipal user,
        ReferenceData reference)
    {
        var (scope, _) = PublishEdition.Validate(command, reference, moment.Now);
        var published = PublishEdition.Decide(command, scope!, Guid.CreateVersion7(), moment.Position, user.Caller(),
            moment.PublisherName, moment.Now);
        var start = MartenOps.StartStream<MappingEdition>(published.EditionId, published);
        return (TypedResults.Created($"/api/editions/{published.EditionId}", EditionViewProjection.From(published)), start);
    }
}
