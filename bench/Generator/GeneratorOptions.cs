using System.Globalization;

namespace TrainingHub.Bench.Generator;

public sealed record GeneratorOptions(
    string ConnectionString,
    double Scale,
    long Seed,
    DateTimeOffset Now,
    string? SummaryPath,
    int Writers,
    bool DryRun)
{
    public const long DefaultSeed = 20261123;

    /// <summary>The fixed "now" of the generated history, so a seed always gives the same world.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    public const string Usage = """
        Fills an empty TrainingHub database with a realistic history (events only; rebuild projections afterwards).
        Usage: TrainingHub.Bench.Generator [--connection <cs>] [--scale <factor>] [--seed <n>] [--now <instant>] [--summary <file.json>]
          --connection  PostgreSQL connection string (default: env ConnectionStrings__Marten)
          --scale       1.0 = 10,000 programmes, 50,000 offerings, 1,000,000 enrolments (default 1.0; 0.01 for quick runs)
          --seed        random seed (default 20261123)
          --now         the present of the generated history, ISO 8601 (default 2026-11-23T00:00:00Z); nothing is later
          --summary     also write the counts as JSON (used by bench/generate.sh to check the read models)
          --writers     concurrent COPY writers, each its own connection and transaction (default 2)
          --dry-run     plan and simulate everything but write nothing (measures generation alone)
        Also: TrainingHub.Bench.Generator hot-enrol ... (the hot-offering load of bench/write.sh; hot-enrol --help).
        """;

    public static GeneratorOptions? Parse(string[] args)
    {
        string? connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        double scale = 1.0;
        long seed = DefaultSeed;
        var now = DefaultNow;
        string? summary = null;
        var dryRun = false;
        var writers = 2;

        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--connection": connection = Value(); break;
                case "--scale": scale = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--now": now = DateTimeOffset.Parse(Value(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(); break;
                case "--summary": summary = Value(); break;
                case "--dry-run": dryRun = true; break;
                case "--writers": writers = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "-h" or "--help": return null;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(connection))
            throw new ArgumentException("No connection string: pass --connection or set ConnectionStrings__Marten.");
        if (scale is <= 0 or > 10) throw new ArgumentException("--scale must be in (0, 10].");
        if (writers is < 1 or > 8) throw new ArgumentException("--writers must be 1 to 8.");
        return new GeneratorOptions(connection, scale, seed, Clock.WholeSecond(now), summary, writers, dryRun);
    }
}
