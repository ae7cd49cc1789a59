using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TrainingHub.Hosting;

/// <summary>Documents the problem+json answers every operation can give, so clients see them in the contract.</summary>
public static class StandardResponses
{
    public static async Task Add(OpenApiOperation operation, OpenApiOperationTransformerContext context,
        CancellationToken ct)
    {
        var problemSchema = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, ct);
        var validationSchema = await context.GetOrCreateSchemaAsync(typeof(HttpValidationProblemDetails), null, ct);
        var method = context.Description.HttpMethod ?? "GET";
        var path = context.Description.RelativePath ?? "";
        var hasBody = method is "POST" or "PUT" or "PATCH";
        var hasId = path.Contains('{');

        operation.Responses ??= new OpenApiResponses();
        DescribeFromEndpoint(operation, context);
        // Wolverine adds a generic 200/404 for IResult-returning endpoints; the typed answers above replace them.
        if (operation.Responses.ContainsKey("201") || operation.Responses.ContainsKey("202") || operation.Responses.ContainsKey("204"))
            operation.Responses.Remove("200");
        if (operation.Responses.TryGetValue("404", out var notFound) && notFound.Content is null or { Count: 0 })
            operation.Responses.Remove("404");
        if (operation.Responses.TryGetValue("400", out var badRequest) && badRequest.Content is null or { Count: 0 })
            operation.Responses.Remove("400");
        // The open catalogue and the CASE framework need no key, so a key can neither be missing nor forbidden there.
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
        {
            Add(operation, "401", "No API key, or an unknown or revoked one.", problemSchema);
            Add(operation, "403", "The key's role or organisation may not do this.", problemSchema);
        }
        if (hasBody || operation.Parameters?.Count > 0)
        {
            Add(operation, "400", "Malformed request (JSON syntax, wrong types).", problemSchema);
            Add(operation, "422", "Rule violations or unknown codes, with field errors.", validationSchema);
        }
        if (hasId) Add(operation, "404", "No such resource.", problemSchema);
        if (hasBody && hasId) Add(operation, "409", "Conflicts with the resource's current state.", problemSchema);
        if (hasBody) Add(operation, "413", "The body is over its limit (256 KiB for JSON, 20 MiB for the CSV import).", problemSchema);
        if (IfMatch(context) is { } ifMatch)
        {
            Add(operation, "412", "If-Match names another version (comparison is strong: a weak ETag never matches).", problemSchema);
            Add(operation, "428", ifMatch.Required
                ? "If-Match is required (and '*' names no version)."
                : "If-Match: * names no version.", problemSchema);
        }
        Add(operation, "429", "Over the rate limit (per API key, or per client address without a proven key); see Retry-After.",
            problemSchema);

        var isReport = method == "GET" && path.StartsWith("api/reports/", StringComparison.Ordinal) && path != "api/reports/status";
        var isEdition = method == "GET" && path.StartsWith("api/editions/", StringComparison.Ordinal) && path.Count(c => c == '/') == 3;
        if (isEdition)
            Add(operation, "503", $"The facts did not yet include the edition's recorded position within {Reports.ReportFacts.MaxWait.TotalSeconds:0} s; see Retry-After.",
                problemSchema);
        if (isReport)
            Add(operation, "503", $"The facts did not include minPosition within {Reports.ReportFacts.MaxWait.TotalSeconds:0} s; see Retry-After.",
                problemSchema);
        if (hasBody || method == "DELETE" || isReport)
            foreach (var response in operation.Responses.Where(r => r.Key.StartsWith('2')).Select(r => r.Value))
                if (response is OpenApiResponse success)
                {
                    success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    success.Headers[EventPositionHeader.Name] = new OpenApiHeader
                    {
                        Description = isReport
                            ? "The report includes every event up to this event store position."
                            : "The highest event store position this write's events took (absent when it recorded none): "
                              + "pass it to a report as minPosition to read this write.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
                    };
                }
    }

    private static Kernel.AcceptsIfMatchAttribute? IfMatch(OpenApiOperationTransformerContext context) =>
        context.Description.ActionDescriptor is ControllerActionDescriptor { MethodInfo: var method }
            ? System.Reflection.CustomAttributeExtensions.GetCustomAttribute<Kernel.AcceptsIfMatchAttribute>(method)
            : null;

    /// <summary>Tag = capability folder; summary = the use case's name (RegisterProgrammeEndpoint: "Register programme").</summary>
    private static void DescribeFromEndpoint(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        if (context.Description.ActionDescriptor is not ControllerActionDescriptor { MethodInfo: var method }) return;
        var type = method.DeclaringType!;
        var capability = type.Namespace?.Split('.').Last() ?? "TrainingHub";
        operation.Tags = new HashSet<OpenApiTagReference> { new(capability, context.Document) };

        var name = type.Name;
        var summary = name.EndsWith("Endpoints", StringComparison.Ordinal)
            ? $"{Humanize(name[..^"Endpoints".Length])}: {Humanize(method.Name).ToLowerInvariant()}"
            : Humanize(name.EndsWith("Endpoint", StringComparison.Ordinal) ? name[..^"Endpoint".Length] : name);
        operation.Summary = summary;
        operation.Description ??= summary + ".";
    }

    private static string Humanize(string pascal)
    {
        var words = System.Text.RegularExpressions.Regex.Split(pascal, "(?<=[a-z])(?=[A-Z])");
        return string.Join(' ', words.Select((w, i) => i == 0 ? w : w.ToLowerInvariant()));
    }

    private static void Add(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = schema },
            },
        };
    }
}
