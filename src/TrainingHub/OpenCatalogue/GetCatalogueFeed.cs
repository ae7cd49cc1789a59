using System.Globalization;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.OpenCatalogue;

/// <summary>
/// The open catalogue for aggregators (the Global Calendar of statistical training, SDG:Learn): a schema.org DataFeed
/// of Courses with their CourseInstances, a page at a time (Link rel="next" names the next page), with the programme
/// search's filters.
/// </summary>
public static class GetCatalogueFeedEndpoint
{
    [WolverineGet("/api/public/catalogue", OperationId = "getCatalogueFeed")]
    [AllowAnonymous]
    [Produces(LinkedData.MediaType)]
    [ProducesResponseType<object>(StatusCodes.Status200OK, LinkedData.MediaType)]
    public static async Task<IResult> Get([FromQuery] SearchProgrammes query, ReferenceData reference, IQuerySession session,
        TrainingHubOptions options, HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        var problem = SearchProgrammes.Validate(query, reference);
        if (!problem.IsNone()) return TypedResults.Problem(problem);

        var page = await SearchProgrammes.Filter(PublicCatalogue.Programmes(session), query)
            .OrderBy(p => p.Title).ThenBy(p => p.Id)
            .ToPageAsync(query.Page, query.PageSize, ct);
        var programmes = await PublicCatalogue.DescribeAsync(session, page.Items, ct);
        var ids = page.Items.Select(p => p.Id).ToArray();
        var offerings = ids.Length == 0 ? []
            : await session.Query<OfferingView>().Where(o => ids.Contains(o.ProgrammeId))
                .OrderByDescending(o => o.StartDate).ThenBy(o => o.Id).ToListAsync(ct);
        var instances = (await PublicCatalogue.DescribeAsync(session,
                offerings.GroupBy(o => o.ProgrammeId).SelectMany(g => g.Take(GetPublicProgrammeEndpoint.MaxInstances)).ToArray(), ct))
            .ToLookup(l => l.Offering.ProgrammeId, l => l.Offering);

        var baseUrl = PublicAddress.Base(request, options);
        var feed = new JsonObject
        {
            ["@type"] = "DataFeed",
            ["name"] = "TrainingHub open catalogue of training on migration statistics",
            ["url"] = baseUrl + request.Path + request.QueryString,
            ["dataFeedElement"] = new JsonArray([.. programmes.Select(p =>
                (JsonNode?)LinkedData.Course(p, instances[p.Id], baseUrl, reference))]),
        };
        if (programmes.Count > 0)
            feed["dateModified"] = programmes.Max(p => p.UpdatedAt).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        if ((long)page.Page * page.PageSize < page.Total)
            response.Headers.Link = $"<{NextPage(baseUrl, request, page.Page + 1)}>; rel=\"next\"";
        return LinkedData.Answer(LinkedData.WithContext(feed), response);
    }

    private static string NextPage(string baseUrl, HttpRequest request, int page)
    {
        var parameters = request.Query.Where(q => !q.Key.Equals("page", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("page", page.ToString(CultureInfo.InvariantCulture)));
        return baseUrl + request.Path + QueryString.Create(parameters);
    }
}
