using TrainingHub.Kernel;

namespace TrainingHub.Reference;

/// <summary>Unknown codes are named with their field and position, so the caller can fix exactly that value.</summary>
public static class CodeValidation
{
    public static ValidationErrors UnknownCode(this ValidationErrors errors, string field, string? code,
        IEnumerable<string> known)
    {
        if (code is not null && !known.Contains(code))
            errors.Add(field, $"Unknown code '{Problems.Echo(code)}'.");
        return errors;
    }

    /// <summary>
    /// A list holds at most as many entries as the vocabulary has codes (more can only be repeats or unknown codes);
    /// a longer list is one problem, not one per entry.
    /// </summary>
    public static ValidationErrors UnknownCodes(this ValidationErrors errors, string field,
        IReadOnlyList<string>? codes, IEnumerable<string> known)
    {
        if (codes is null) return errors;
        var set = known as IReadOnlySet<string> ?? known.ToHashSet();
        if (codes.Count > set.Count)
            return errors.Add(field, $"At most {set.Count} entries (the reference data has {set.Count} codes).");
        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i] is null || !set.Contains(codes[i]))
                errors.Add($"{field}[{i}]", $"Unknown code '{Problems.Echo(codes[i])}'.");
        }
        return errors;
    }
}
