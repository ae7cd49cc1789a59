using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.OpenCatalogue;

/// <summary>A published programme, without a key: JSON, or a schema.org Course with its offerings as JSON-LD.</summary>
public static class GetPublicProgrammeEndpoint
{
    /// <summary>The offerings a Course lists: the latest-starting ones, enough for any real programme.</summary>
    public const int MaxInstances = 100;

    [WolverineGet("/api/public/programmes/{id}", OperationId = "getPublicProgramme")]
    [AllowAnonymous]
    [ProducesResponseType<PublicProgramme>(StatusCodes.Status200OK, "application/json", LinkedData.MediaType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ReferenceData reference, TrainingHubOptions options,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var view = await session.LoadAsync<ProgrammeView>(id, ct);
        // A private programme is as absent here as one that does not exist.
        if (!PublicCatalogue.IsPublic(view)) return TypedResults.Problem(Problems.NotFound("Programme", id));
        var programme = (await PublicCatalogue.DescribeAsync(session, [view!], ct))[0];
        if (!LinkedData.Preferred(request))
        {
            response.Headers.Vary = Microsoft.Net.Http.Headers.HeaderNames.Accept;
            return TypedResults.Ok(programme);
        }

        var offerings = await session.Query<OfferingView>().Where(o => o.ProgrammeId == id)
            .OrderByDescending(o => o.StartDate).ThenBy(o => o.Id).Take(MaxInstances).ToListAsync(ct);
        var listings = await PublicCatalogue.DescribeAsync(session, offerings, ct);
        var baseUrl = PublicAddress.Base(request, options);
        return LinkedData.Answer(
            LinkedData.WithContext(LinkedData.Course(programme, listings.Select(l => l.Offering), baseUrl, reference)), response);
    }
}
