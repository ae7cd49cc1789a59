using Marten;
using Marten.Linq;

namespace TrainingHub.Kernel;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 200;
    /// <summary>Far beyond any real list, and low enough that (page - 1) × pageSize cannot overflow.</summary>
    public const int MaxPage = 100_000;

    public static ValidationErrors CheckPaging(this ValidationErrors errors, int? page, int? pageSize,
        int maxPageSize = MaxPageSize) =>
        errors.When(page is < 1 or > MaxPage, "page", $"Between 1 and {MaxPage}.")
            .When(pageSize < 1 || pageSize > maxPageSize, "pageSize", $"Between 1 and {maxPageSize}.");

    /// <summary>One page of an ordered Marten query, with the total count from the same round trip.</summary>
    public static async Task<PagedResult<T>> ToPageAsync<T>(this IQueryable<T> ordered, int? page, int? pageSize,
        CancellationToken ct) where T : notnull
    {
        var number = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        var items = await ordered.Stats(out var stats).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new PagedResult<T>(items, number, size, stats.TotalResults);
    }
}
