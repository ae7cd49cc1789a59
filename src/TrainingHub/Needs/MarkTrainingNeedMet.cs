using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Needs;

/// <summary>The country says the need is met, naming (at most 50) offerings that met it if it knows them.</summary>
public sealed record MarkTrainingNeedMet(IReadOnlyList<Guid>? Offerings, string? Note)
{
    public const int MaxOfferings = 50;

    public static ProblemDetails Validate(MarkTrainingNeedMet? command, TrainingNeed? need, Guid id, NeedAuthority authority) =>
        Problems.FirstOf(
            () => NeedChanges.Found(need, id, authority),
            () => NeedChanges.Open(need!),
            () => Problems.Invalid(new ValidationErrors()
                .When(command?.Offerings is { Count: > MaxOfferings }, "offerings", $"At most {MaxOfferings} offerings.")
                .When(command?.Note is { Length: > NeedInput.MaxNotes }, "note", $"At most {NeedInput.MaxNotes} characters.")));

    public static TrainingNeedMet Decide(MarkTrainingNeedMet? command, TrainingNeed need) =>
        new(need.Id, command?.Offerings?.Distinct().ToArray() ?? [],
            string.IsNullOrWhiteSpace(command?.Note) ? null : command.Note.Trim());
}

public static class MarkTrainingNeedMetEndpoint
{
    [AcceptsIfMatch]
    [WolverinePost("/api/needs/{id}/met", OperationId = "markTrainingNeedMet")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<TrainingNeedView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(Guid id, [FromBody] MarkTrainingNeedMet? command, IDocumentStore store,
        IQuerySession session, ReferenceData reference, ClaimsPrincipal user, HttpRequest request, CancellationToken ct)
    {
        // Named offerings must exist: a mistyped id is the caller's to fix, not a dangling reference in the history.
        var named = command?.Offerings?.Distinct().Take(MarkTrainingNeedMet.MaxOfferings + 1).ToArray() ?? [];
        var known = named.Length is 0 or > MarkTrainingNeedMet.MaxOfferings ? []
            : (await session.LoadManyAsync<Catalogue.OfferingView>(ct, named)).Select(o => o.Id).ToHashSet();
        var unknown = named.Length > MarkTrainingNeedMet.MaxOfferings ? [] : named.Where(o => !known.Contains(o)).ToArray();
        return await NeedChanges.Run(id, user.Caller(), store, reference,
            (need, authority) => Problems.FirstOf(
                () => MarkTrainingNeedMet.Validate(command, need, id, authority),
                () => Problems.Invalid(new ValidationErrors().When(unknown.Length > 0, "offerings",
                    $"Unknown offerings: {string.Join(", ", unknown.Take(5))}.")),
                () => Versioning.CheckIfMatch(request, need!.Version, required: false)),
            need => [MarkTrainingNeedMet.Decide(command, need)], ct);
    }
}
