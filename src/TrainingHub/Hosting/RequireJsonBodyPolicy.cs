using System.Reflection;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using TrainingHub.Kernel;

namespace TrainingHub.Hosting;

/// <summary>
/// A literal <c>null</c> (or empty) JSON body would otherwise reach the handler as a null command;
/// answer 400 before any rule runs, unless the endpoint declares its body optional (nullable).
/// </summary>
internal sealed class RequireJsonBodyPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var chain in chains)
        {
            if (chain.RequestType is null || chain.RequestType == typeof(void)) continue;
            var bodyParameter = chain.Method.Method.GetParameters().FirstOrDefault(p => p.ParameterType == chain.RequestType);
            if (bodyParameter is not null && nullability.Create(bodyParameter).WriteState == NullabilityState.Nullable) continue;

            var check = typeof(RequireJsonBody<>).MakeGenericType(chain.RequestType)
                .GetMethod(nameof(RequireJsonBody<object>.Validate))!;
            chain.Middleware.Insert(0, new MethodCall(check.DeclaringType!, check));
        }
    }
}

public static class RequireJsonBody<T>
{
    public static ProblemDetails Validate(T? body) => body is null
        ? Problems.BadRequest("Request body required", "Send a JSON object as the request body.")
        : Problems.None;
}
