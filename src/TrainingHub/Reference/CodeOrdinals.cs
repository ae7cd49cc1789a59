using System.Collections.Frozen;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TrainingHub.Reference;

/// <summary>
/// A set of up to <see cref="Capacity"/> codes of one vocabulary, by ordinal. Reports union and count countries per
/// cell over tens of thousands of offerings; OR-ing eight words is far cheaper than hashing strings.
/// </summary>
public struct CodeSet
{
    public const int Capacity = Words * 64;
    private const int Words = 8;

    [InlineArray(Words)]
    private struct Bits
    {
        private ulong _word;
    }

    private Bits _bits;

    public void Add(int ordinal) => _bits[ordinal >> 6] |= 1UL << (ordinal & 63);

    public void UnionWith(in CodeSet other)
    {
        for (var i = 0; i < Words; i++) _bits[i] |= other._bits[i];
    }

    public void IntersectWith(in CodeSet other)
    {
        for (var i = 0; i < Words; i++) _bits[i] &= other._bits[i];
    }

    public readonly bool Contains(int ordinal) => (_bits[ordinal >> 6] & (1UL << (ordinal & 63))) != 0;

    public readonly int Count
    {
        get
        {
            var count = 0;
            for (var i = 0; i < Words; i++) count += BitOperations.PopCount(_bits[i]);
            return count;
        }
    }

    public readonly int CountIn(in CodeSet other)
    {
        var count = 0;
        for (var i = 0; i < Words; i++) count += BitOperations.PopCount(_bits[i] & other._bits[i]);
        return count;
    }

    public readonly List<int> Ordinals()
    {
        var ordinals = new List<int>();
        for (var i = 0; i < Words; i++)
            for (var word = _bits[i]; word != 0; word &= word - 1)
                ordinals.Add(i * 64 + BitOperations.TrailingZeroCount(word));
        return ordinals;
    }
}

/// <summary>One vocabulary's codes numbered in reference order (the order reports list them in).</summary>
public sealed class CodeIndex
{
    private readonly FrozenDictionary<string, int> _ordinals;

    public CodeIndex(IEnumerable<string> codes, int capacity, string vocabulary)
    {
        Codes = [.. codes];
        if (Codes.Count > capacity)
            throw new InvalidOperationException(
                $"{Codes.Count} {vocabulary} in the reference data; reports index at most {capacity}.");
        _ordinals = Codes.Select((code, ordinal) => (code, ordinal)).ToFrozenDictionary(c => c.code, c => c.ordinal);
    }

    public IReadOnlyList<string> Codes { get; }

    public int Count => Codes.Count;

    /// <summary>-1 for a code the reference data does not know.</summary>
    public int OrdinalOf(string code) => _ordinals.TryGetValue(code, out var ordinal) ? ordinal : -1;

    /// <summary>The codes as a bit mask (vocabularies of at most 64 codes); unknown codes are left out.</summary>
    public ulong Mask(IEnumerable<string> codes)
    {
        var mask = 0UL;
        foreach (var code in codes)
            if (_ordinals.TryGetValue(code, out var ordinal)) mask |= 1UL << ordinal;
        return mask;
    }

    /// <summary>Whether every code is known, so a <see cref="Mask"/> stands for the whole list.</summary>
    public bool KnowsAll(IEnumerable<string> codes) => codes.All(_ordinals.ContainsKey);

    /// <summary>The ordinals of the known codes, ascending and distinct (for vocabularies too large for a mask).</summary>
    public int[] OrdinalsOf(IEnumerable<string> codes)
    {
        var ordinals = new SortedSet<int>();
        foreach (var code in codes)
            if (_ordinals.TryGetValue(code, out var ordinal)) ordinals.Add(ordinal);
        return [.. ordinals];
    }

    public CodeSet Set(IEnumerable<string> codes)
    {
        var set = new CodeSet();
        foreach (var code in codes)
            if (_ordinals.TryGetValue(code, out var ordinal)) set.Add(ordinal);
        return set;
    }

    /// <summary>The codes of a mask, ordinally sorted (as reports list shared or reached codes).</summary>
    public string[] SortedCodesOf(ulong mask)
    {
        var codes = new List<string>(BitOperations.PopCount(mask));
        for (; mask != 0; mask &= mask - 1) codes.Add(Codes[BitOperations.TrailingZeroCount(mask)]);
        return [.. codes.Order(StringComparer.Ordinal)];
    }

    public string[] SortedCodesOf(in CodeSet set) =>
        [.. set.Ordinals().Select(ordinal => Codes[ordinal]).Order(StringComparer.Ordinal)];
}

/// <summary>Ordinals of the vocabularies reports aggregate over, and the region memberships they need.</summary>
public sealed class CodeOrdinals
{
    public CodeOrdinals(ReferenceData reference)
    {
        Countries = new CodeIndex(reference.Countries.Select(c => c.Code), CodeSet.Capacity, "countries");
        Regions = new CodeIndex(reference.Regions.Select(r => r.Code), 64, "regions");
        Standards = new CodeIndex(reference.Standards.Select(s => s.Code), 64, "standards");
        Disciplines = new CodeIndex(reference.Disciplines.Select(d => d.Code), 64, "disciplines");
        Levels = new CodeIndex(reference.Levels.Select(l => l.Code), 64, "levels");
        Audiences = new CodeIndex(reference.Vocabularies.TargetAudiences.Select(a => a.Code), 64, "target audiences");
        Languages = new CodeIndex(reference.LanguageCodes.Order(StringComparer.Ordinal), 4096, "languages");
        Elements = new CodeIndex(reference.Standards.SelectMany(s => s.Elements).Select(e => e.Code), 4096, "standard elements");
        RegionsOfCountry = [.. reference.Countries.Select(c => Regions.Mask(c.Regions))];
        MembersOfGroup = reference.CountryGroups.ToDictionary(g => g.Code, g => Countries.Set(g.Members));
        MembersOfRegion = [.. reference.Regions.Select(r => Countries.Set(reference.Countries
            .Where(c => c.Regions.Contains(r.Code) && c.Status != "territory").Select(c => c.Code)))];
    }

    public CodeIndex Countries { get; }
    public CodeIndex Regions { get; }
    public CodeIndex Standards { get; }
    public CodeIndex Disciplines { get; }
    public CodeIndex Levels { get; }
    public CodeIndex Languages { get; }
    public CodeIndex Audiences { get; }
    /// <summary>Every standard's element tags, standard by standard in reference order.</summary>
    public CodeIndex Elements { get; }

    /// <summary>By country ordinal: the regions the country belongs to, as a region mask.</summary>
    public IReadOnlyList<ulong> RegionsOfCountry { get; }

    /// <summary>By country group code: its members as a country set.</summary>
    public IReadOnlyDictionary<string, CodeSet> MembersOfGroup { get; }

    /// <summary>By region ordinal: its member states and associate members (not territories).</summary>
    public IReadOnlyList<CodeSet> MembersOfRegion { get; }
}
