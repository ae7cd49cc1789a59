using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Kernel;
using TrainingHub.Offerings;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed record MoneyInput(decimal? Amount, string? Currency);

public sealed record FundingInput(Guid? Funder, string? Kind, decimal? Amount, string? Currency);

/// <summary>
/// An offering's total cost and who funds it (at most 20 funders), replacing any earlier record. Funders are
/// organisations (a donor, or the provider itself for its own budget).
/// </summary>
public sealed record RecordOfferingFunding(MoneyInput? TotalCost, IReadOnlyList<FundingInput>? Funding)
{
    public const int MaxFunders = 20;
    public const decimal MaxAmount = 1_000_000_000_000m;

    public static ProblemDetails Validate(RecordOfferingFunding command, Offering? offering, Guid offeringId, Caller caller,
        IReadOnlySet<Guid> knownOrganisations, ReferenceData reference) =>
        Problems.FirstOf(
            () => CatalogueRules.Owned(offering, offeringId, caller),
            () => Problems.Invalid(Check(command, knownOrganisations, reference)));

    /// <summary>The rules on the figures themselves (the import checks these for offerings it is about to schedule).</summary>
    public static ValidationErrors Check(RecordOfferingFunding command, IReadOnlySet<Guid> knownOrganisations,
        ReferenceData reference)
    {
        var errors = new ValidationErrors();
        if (command.TotalCost is { } cost) CheckMoney(errors, "totalCost", cost.Amount, cost.Currency, reference);
        var funding = command.Funding ?? [];
        if (funding.Count > MaxFunders) return errors.Add("funding", $"At most {MaxFunders} funders.");
        for (var i = 0; i < funding.Count; i++)
        {
            var line = funding[i];
            if (line is null)
            {
                errors.Add($"funding[{i}]", "A funding line: funder, kind, amount, currency.");
                continue;
            }
            errors.When(line.Funder is null, $"funding[{i}].funder", "Required: the funding organisation's id.")
                .When(line.Funder is { } funder && !knownOrganisations.Contains(funder), $"funding[{i}].funder",
                    "No organisation has this id.")
                .When(line.Kind is null || !reference.FundingKindCodes.Contains(line.Kind), $"funding[{i}].kind",
                    $"Required, one of: {string.Join(", ", reference.FundingKindCodes.Order())}.");
            CheckMoney(errors, $"funding[{i}]", line.Amount, line.Currency, reference);
        }
        return errors.When(funding.Where(l => l?.Funder is not null).GroupBy(l => (l.Funder, l.Kind, l.Currency)).Any(g => g.Count() > 1),
            "funding", "One line per funder, kind and currency.");
    }

    private static void CheckMoney(ValidationErrors errors, string field, decimal? amount, string? currency,
        ReferenceData reference) =>
        errors.When(amount is null or <= 0 or > MaxAmount, $"{field}.amount", "Required, more than 0 (at most 10^12).")
            .When(amount is { Scale: > 2 }, $"{field}.amount", "At most 2 decimal places.")
            .When(currency is null || !reference.CurrencyCodes.Contains(currency), $"{field}.currency",
                "Required: an ISO 4217 code (USD, EUR...).");

    public static IReadOnlyList<object> Decide(RecordOfferingFunding command, Offering offering)
    {
        var recorded = new OfferingFundingRecorded(offering.Id,
            command.TotalCost is { } cost ? new Money(cost.Amount!.Value, cost.Currency!) : null,
            [.. (command.Funding ?? []).Select(l => new FundingLine(l.Funder!.Value, l.Kind!, l.Amount!.Value, l.Currency!))]);
        return recorded.SameAs(offering.Funding) ? [] : [recorded];
    }
}

public static class RecordOfferingFundingEndpoint
{
    [AcceptsIfMatch]
    [WolverinePut("/api/offerings/{id}/funding", OperationId = "recordOfferingFunding")]
    [Authorize(Policy = Roles.Policies.Provider)]
    [ProducesResponseType<OfferingView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Put(Guid id, RecordOfferingFunding command, IDocumentStore store, IQuerySession session,
        ReferenceData reference, ClaimsPrincipal user, HttpRequest request, CancellationToken ct)
    {
        // Funders must exist: read once, before the offering's lock is taken.
        var funders = (command.Funding ?? []).Take(RecordOfferingFunding.MaxFunders + 1)
            .Select(l => l?.Funder).OfType<Guid>().Distinct().ToArray();
        var known = funders.Length == 0 ? []
            : (await session.LoadManyAsync<OrganisationView>(ct, funders)).Select(o => o.Id).ToHashSet();
        return await OfferingChanges.Run(id, user.Caller(), store, request,
            offering => RecordOfferingFunding.Validate(command, offering, id, user.Caller(), known, reference),
            offering => RecordOfferingFunding.Decide(command, offering), ct);
    }
}
