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
        Add(operation, "401", "No API key, or an unknown or revoked one.", problemSchema);
        Add(operation, "403", "The key's role or organisation may not do this.", problemSchema);
        if (hasBody || operation.Parameters?.Count > 0)
        {
            Add(operation, "400", "Malformed request (JSON syntax, wrong types).", problemSchema);
            Add(operation, "422", "Rule violations or unknown codes, with field errors.", validationSchema);
        }
        if (hasId) Add(operation, "404", "No such resource.", problemSchema);
        if (hasBody && hasId) Add(operation, "409", "Conflicts with the resource's current state.", problemSchema);
        if (method == "PUT")
        {
            Add(operation, "412", "If-Match names a stale version.", problemSchema);
            Add(operation, "428", "If-Match is required.", problemSchema);
        }
        if (string.IsNullOrEmpty(operation.Summary))
            operation.Summary = context.Description.ActionDescriptor.DisplayName ?? $"{method} /{path}";
        if (string.IsNullOrEmpty(operation.Description))
            operation.Description = operation.Summary;
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
