using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;

namespace TrainingHub.Hosting;

/// <summary>OpenAPI 3.1 document at /openapi/v1.json (Microsoft.AspNetCore.OpenApi) and Swagger UI at /swagger.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddTrainingHubOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "TrainingHub",
                    Version = "v1",
                    Description = "System of record for capacity-building programmes on migration statistics "
                                  + "(UN Task Force on a Global Programme on Migration Statistics). "
                                  + "Authenticate with an API key in the X-Api-Key header.",
                    Contact = new OpenApiContact { Name = "TrainingHub maintainers" },
                };
                document.Servers = [new OpenApiServer { Url = "/", Description = "This instance" }];
                document.Components ??= new OpenApiComponents();
                // Left behind by Wolverine's generic IResult response, which StandardResponses removes.
                document.Components.Schemas?.Remove("IResult");
                // The dashboard and its map libraries are a page for people, not part of the API.
                document.Paths.Remove("/dashboard");
                document.Paths.Remove("/dashboard/lib/{name}");
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyAuthentication.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthentication.Header,
                    Description = "An organisation's API key; its role (admin, provider, partner, analyst) decides what it may do.",
                };
                document.Security =
                [
                    new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.Scheme, document)] = [],
                    },
                ];
                document.Tags = new HashSet<OpenApiTag>(
                    document.Paths.Values.SelectMany<IOpenApiPathItem, OpenApiOperation>(p => p.Operations is null ? [] : p.Operations.Values)
                        .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
                        .Select(t => t.Name).Where(n => n is not null).Distinct()
                        .Select(n => new OpenApiTag { Name = n, Description = $"{n} operations" }));
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(StandardResponses.Add);
            options.AddSchemaTransformer(DocumentMaxItems);
        });

    /// <summary>A list or map bounded by <see cref="MaxItemsAttribute"/> or <see cref="MaxEntriesAttribute"/> states its
    /// maximum in the schema.</summary>
    private static Task DocumentMaxItems(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var attributes = context.JsonPropertyInfo?.AttributeProvider;
        if (attributes?.GetCustomAttributes(typeof(MaxItemsAttribute), false) is [MaxItemsAttribute bound, ..])
        {
            if (schema.Type?.HasFlag(JsonSchemaType.Object) == true) schema.MaxProperties = bound.Max;
            else schema.MaxItems = bound.Max;
        }
        else if (attributes?.GetCustomAttributes(typeof(MaxEntriesAttribute), false) is [MaxEntriesAttribute entries, ..])
            schema.MaxItems = entries.Max;
        return Task.CompletedTask;
    }

    public static WebApplication MapTrainingHubOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "swagger";
            ui.SwaggerEndpoint("/openapi/v1.json", "TrainingHub v1");
            ui.DocumentTitle = "TrainingHub API";
        });
        return app;
    }
}
