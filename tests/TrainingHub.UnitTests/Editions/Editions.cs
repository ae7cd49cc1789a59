using TrainingHub.Editions;

namespace TrainingHub.UnitTests.Editions;

/// <summary>
/// Hand-checked editions. "Supply" totals: offerings 3 + 2 + 1 = 6, trainees 45 + 30 = 75, cost 25,000.50 + 12,000 +
/// 499.25 = 37,499.75, share 0.25 + 0.5 + 0.125 = 0.875; 17 rows were left out.
/// </summary>
public static class Editions
{
    public static readonly Guid Programme = Guid.Parse("0b7c4d9e-1234-4cde-8f00-000000000001");
    public static readonly DateTimeOffset PublishedAt = new(2026, 5, 4, 11, 30, 16, TimeSpan.FromHours(2));

    public static EditionDocument Document(params EditionSheet[] sheets) => new(
        Guid.Parse("5e1a0000-0000-4000-8000-000000000042"), "Mapping edition 2026", new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero),
        PublishedAt, "Task Force secretariat", [new("Date range", "2024-01-01 to 2026-12-31"), new("Region", "ECE")], sheets);

    public static readonly EditionSheet Supply = new("Supply", "Offerings per country",
        ["Counts offerings that started in the range.", "Cancelled offerings are left out."],
        [new("Country"), new("Offerings", Total: true), new("Trainees", Total: true), new("Cost (USD)", Total: true),
            new("Share", Total: true), new("Online"), new("First start"), new("Updated"), new("Programme")],
        [
            ["Kazakhstan", 3, 45L, 25_000.50m, 0.25, true, new DateOnly(2026, 6, 1),
                new DateTimeOffset(2026, 4, 30, 23, 15, 0, TimeSpan.FromHours(-3)), Programme],
            ["Armenia", 2, 30L, 12_000m, 0.5, false, null, null, null],
            ["Georgia <script>alert(1)</script>", 1, null, 499.25m, 0.125, null, null, null, null],
        ],
        Truncated: 17);

    public static readonly string LongText = new string('x', 32_766) + "🌍" + new string('y', 100);

    /// <summary>Every kind of cell and the text that breaks careless writers.</summary>
    public static readonly EditionSheet Awkward = new("Awkward", "Bogotá — 東京 🌍 \u0001title",
        ["Note with a bell\u0007 and a lone \ud800 surrogate", "  leading and trailing spaces  "],
        [new("Text"), new("Number"), new("Date"), new("Instant"), new("Flag"), new("Id")],
        [
            ["Zürich 🌍 <b onclick=x>&amp;</b>", -5.25, new DateOnly(1899, 1, 1), DateTimeOffset.UnixEpoch, false, Guid.Empty],
            ["tab\tand\nnewline\u000B\u001F", double.NaN, DateOnly.MaxValue, DateTimeOffset.MaxValue, true, Programme],
            [LongText, long.MaxValue, null, null, null, null],
            [null, -0.00001, null, null, null, null],
            [string.Empty, decimal.MaxValue, null, null, null, null],
        ],
        Truncated: 1);
}
