using TrainingHub.Hosting;

namespace TrainingHub.Reference;

/// <summary>Unknown codes are named with their field and position, so the caller can fix exactly that value.</summary>
public static class CodeValidation
{
    public static ValidationErrors UnknownCode(this ValidationErrors errors, string field, string? code,
        IEnumerable<string> known)
    {
        if (code is not null && !known.Contains(code))
            errors.Add(field, $"Unknown code '{code}'.");
        return errors;
    }

    public static ValidationErrors UnknownCodes(this ValidationErrors errors, string field,
        IReadOnlyList<string>? codes, IEnumerable<string> known)
    {
        if (codes is null) return errors;
        var set = known as IReadOnlySet<string> ?? known.ToHashSet();
        for (var i = 0; i < codes.Count; i++)
        {
            if (codes[i] is null || !set.Contains(codes[i]))
                errors.Add($"{field}[{i}]", $"Unknown code '{codes[i]}'.");
        }
        return errors;
    }
}
