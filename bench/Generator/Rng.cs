namespace TrainingHub.Bench.Generator;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Own implementation rather than System.Random so that a seed gives the same
/// world on every platform and runtime version, and so that each offering gets its own stream of numbers (the world
/// does not change when batching or processing order changes).
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    public Rng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>An independent generator for one purpose and index, derived from the run's seed.</summary>
    public static Rng For(long seed, string purpose, long index = 0)
    {
        var x = (ulong)seed ^ StableHash(purpose);
        var mixed = SplitMix(ref x) ^ (ulong)index * 0x9E3779B97F4A7C15UL;
        return new Rng(SplitMix(ref mixed));
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextDouble() * maxExclusive);

    /// <summary>Uniform in [min, maxInclusive].</summary>
    public int Between(int min, int maxInclusive) => min + Next(maxInclusive - min + 1);

    public double Between(double min, double max) => min + NextDouble() * (max - min);

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public double Normal(double mean, double deviation)
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return mean + deviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A whole-second instant uniform in [from, to).</summary>
    public DateTimeOffset Between(DateTimeOffset from, DateTimeOffset to)
    {
        var seconds = Math.Max(0, (long)(to - from).TotalSeconds);
        return Clock.WholeSecond(from).AddSeconds((long)(NextDouble() * seconds));
    }

    /// <summary><paramref name="count"/> distinct items in random order (all of them when there are fewer).</summary>
    public List<T> Sample<T>(IReadOnlyList<T> items, int count)
    {
        var pool = items.ToList();
        var taken = new List<T>(Math.Min(count, pool.Count));
        while (taken.Count < count && pool.Count > 0)
        {
            var index = Next(pool.Count);
            taken.Add(pool[index]);
            pool[index] = pool[^1];
            pool.RemoveAt(pool.Count - 1);
        }
        return taken;
    }

    /// <summary>Index drawn with probability proportional to its weight.</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var target = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            target -= weights[i];
            if (target < 0) return i;
        }
        return weights.Count - 1;
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>FNV-1a: string.GetHashCode is randomised per process.</summary>
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}

/// <summary>A prefix sum over weights, for many draws from the same distribution in O(log n).</summary>
public sealed class WeightedIndex
{
    private readonly double[] _cumulative;

    public WeightedIndex(IReadOnlyList<double> weights)
    {
        _cumulative = new double[weights.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++) _cumulative[i] = sum += Math.Max(0, weights[i]);
    }

    public bool IsEmpty => _cumulative.Length == 0 || _cumulative[^1] <= 0;

    public int Draw(Rng rng)
    {
        var target = rng.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        if (index < 0) index = ~index;
        // Skip zero-weight entries that share the cumulative value of their predecessor.
        while (index < _cumulative.Length - 1 && _cumulative[index] <= target) index++;
        return Math.Min(index, _cumulative.Length - 1);
    }
}
