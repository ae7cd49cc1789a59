using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.OpenCatalogue;

/// <summary>An offering of a published programme, without a key: JSON, or a schema.org CourseInstance as JSON-LD.</summary>
public static class GetPublicOfferingEndpoint
{
    [WolverineGet("/api/public/offerings/{id}", OperationId = "getPublicOffering")]
    [AllowAnonymous]
    [ProducesResponseType<PublicOffering>(StatusCodes.Status200OK, "application/json", LinkedData.MediaType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ReferenceData reference, TrainingHubOptions options,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var view = await session.LoadAsync<OfferingView>(id, ct);
        var programme = view is null ? null : await session.LoadAsync<ProgrammeView>(view.ProgrammeId, ct);
        if (view is null || !PublicCatalogue.IsPublic(programme)) return TypedResults.Problem(Problems.NotFound("Offering", id));
        var offering = (await PublicCatalogue.DescribeAsync(session, [view], ct))[0].Offering;
        if (!LinkedData.Preferred(request))
        {
            response.Headers.Vary = Microsoft.Net.Http.Headers.HeaderNames.Accept;
            return TypedResults.Ok(offering);
        }
        return LinkedData.Answer(LinkedData.WithContext(
            LinkedData.StandaloneCourseInstance(offering, PublicAddress.Base(request, options), reference)), response);
    }
}
