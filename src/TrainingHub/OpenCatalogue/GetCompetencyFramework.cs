using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.OpenCatalogue;

/// <summary>
/// The framework over the CASE 1.1 REST binding, without a key: the standards are public, and tools that align courses
/// or credentials to them fetch them from here. Built per request (it is small): a cache keyed by base URL would grow
/// with every Host header a caller invents when no public base URL is configured.
/// </summary>
public static class GetCompetencyFrameworkEndpoints
{
    [WolverineGet(CompetencyFramework.Root + "/CFDocuments", OperationId = "getAllCFDocuments")]
    [AllowAnonymous]
    [ProducesResponseType<CFDocumentSet>(StatusCodes.Status200OK)]
    public static CFDocumentSet Documents(HttpRequest request, TrainingHubOptions options, ReferenceData reference)
    {
        var baseUrl = PublicAddress.Base(request, options);
        return new([CompetencyFramework.Standalone(CompetencyFramework.Package(reference, baseUrl), baseUrl)]);
    }

    [WolverineGet(CompetencyFramework.Root + "/CFDocuments/{sourcedId}", OperationId = "getCFDocument")]
    [AllowAnonymous]
    [ProducesResponseType<CFDocument>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static IResult Document(string sourcedId, HttpRequest request, TrainingHubOptions options, ReferenceData reference)
    {
        var baseUrl = PublicAddress.Base(request, options);
        var package = CompetencyFramework.Package(reference, baseUrl);
        return Found(sourcedId, "CFDocument",
            Id(sourcedId) == package.CFDocument.Identifier ? CompetencyFramework.Standalone(package, baseUrl) : null);
    }

    [WolverineGet(CompetencyFramework.Root + "/CFPackages/{sourcedId}", OperationId = "getCFPackage")]
    [AllowAnonymous]
    [ProducesResponseType<CFPackage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static IResult Package(string sourcedId, HttpRequest request, TrainingHubOptions options, ReferenceData reference)
    {
        var package = Framework(request, options, reference);
        return Found(sourcedId, "CFPackage", Id(sourcedId) == package.CFDocument.Identifier ? package : null);
    }

    [WolverineGet(CompetencyFramework.Root + "/CFItems/{sourcedId}", OperationId = "getCFItem")]
    [AllowAnonymous]
    [ProducesResponseType<CFItem>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static IResult Item(string sourcedId, HttpRequest request, TrainingHubOptions options, ReferenceData reference)
    {
        var package = Framework(request, options, reference);
        var id = Id(sourcedId);
        return Found(sourcedId, "CFItem", package.CFItems.FirstOrDefault(i => i.Identifier == id) is { } item
            ? item with { CFDocumentUri = CompetencyFramework.DocumentLink(package) }
            : null);
    }

    [WolverineGet(CompetencyFramework.Root + "/CFAssociations/{sourcedId}", OperationId = "getCFAssociation")]
    [AllowAnonymous]
    [ProducesResponseType<CFAssociation>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static IResult Association(string sourcedId, HttpRequest request, TrainingHubOptions options, ReferenceData reference)
    {
        var package = Framework(request, options, reference);
        var id = Id(sourcedId);
        return Found(sourcedId, "CFAssociation", package.CFAssociations.FirstOrDefault(a => a.Identifier == id) is { } association
            ? association with { CFDocumentUri = CompetencyFramework.DocumentLink(package) }
            : null);
    }

    /// <summary>Served so that every CFItemTypeURI in the package resolves; a set, as the binding answers for item types.</summary>
    [WolverineGet(CompetencyFramework.Root + "/CFItemTypes/{sourcedId}", OperationId = "getCFItemType")]
    [AllowAnonymous]
    [ProducesResponseType<CFItemTypeSet>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static IResult ItemType(string sourcedId, HttpRequest request, TrainingHubOptions options, ReferenceData reference)
    {
        var id = Id(sourcedId);
        var type = Framework(request, options, reference).CFDefinitions.CFItemTypes.FirstOrDefault(t => t.Identifier == id);
        return Found(sourcedId, "CFItemType", type is null ? null : new CFItemTypeSet([type]));
    }

    private static CFPackage Framework(HttpRequest request, TrainingHubOptions options, ReferenceData reference) =>
        CompetencyFramework.Package(reference, PublicAddress.Base(request, options));

    /// <summary>The canonical (lower-case, hyphenated) form of a GUID-shaped id, or null: anything else names nothing.</summary>
    private static string? Id(string sourcedId) => Guid.TryParseExact(sourcedId, "D", out var id) ? id.ToString() : null;

    private static IResult Found<T>(string sourcedId, string what, T? found) where T : class =>
        found is null ? TypedResults.Problem(Problems.NotFound(what, Problems.Echo(sourcedId))) : TypedResults.Ok(found);
}
