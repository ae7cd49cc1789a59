using TrainingHub.Offerings;
namespace TrainingHub.IntegrationTests.Support;

/// <summary>Valid request bodies; tests change one thing at a time with a dictionary copy.</summary>
public static class Bodies
{
    public static Dictionary<string, object?> Programme(string title = "Measuring international migrant stocks and flows") => new()
    {
        ["title"] = title,
        ["summary"] = "Stocks and flows of international migrants on one concept of usual residence.",
        ["level"] = "intermediate",
        ["disciplines"] = new[] { "demography", "it-data-science" },
        ["standards"] = new[] { "UN-RSIM-R1", "EGMS-CF-2021" },
        ["targetAudiences"] = new[] { "nso", "ministry" },
        ["deliveryModes"] = new[] { "in-person", "online" },
        ["languages"] = new[] { "en", "ru" },
        ["regions"] = new[] { "ECE" },
        ["countries"] = new[] { "KAZ", "KGZ" },
        ["durationHours"] = 24,
        ["passMark"] = 60,
        ["url"] = null,
    };

    public static Dictionary<string, object?> Offering() => new()
    {
        ["startDate"] = "2027-03-01",
        ["endDate"] = "2027-03-05",
        ["deliveryMode"] = "in-person",
        ["venueCountry"] = "KAZ",
        ["language"] = "ru",
        ["capacity"] = 30,
        ["enrolmentOpensAt"] = "2027-01-01T00:00:00Z",
        ["enrolmentClosesAt"] = "2027-02-20T00:00:00Z",
    };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string field, object? value)
    {
        var copy = new Dictionary<string, object?>(body) { [field] = value };
        return copy;
    }

    public static Dictionary<string, object?> Without(this Dictionary<string, object?> body, string field)
    {
        var copy = new Dictionary<string, object?>(body);
        copy.Remove(field);
        return copy;
    }

    /// <summary>An offering that takes enrolments now: starts in a month, enrolment closes in three weeks.</summary>
    public static Dictionary<string, object?> OpenOffering(int capacity = 30)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return Offering()
            .With("startDate", today.AddDays(30).ToString("yyyy-MM-dd"))
            .With("endDate", today.AddDays(32).ToString("yyyy-MM-dd"))
            .With("enrolmentOpensAt", null)
            .With("enrolmentClosesAt", DateTime.UtcNow.Date.AddDays(21).ToString("O"))
            .With("capacity", capacity);
    }

    public static Dictionary<string, object?> Enrolment(string email, string givenName = "Aigerim", string country = "KAZ",
        string sex = "female", string? partnerReference = "portal-7781") => new()
    {
        ["trainee"] = new Dictionary<string, object?>
        {
            ["email"] = email,
            ["givenName"] = givenName,
            ["familyName"] = "Bekova",
            ["sex"] = sex,
            ["countryOfResidence"] = country,
            ["organisation"] = "Bureau of National Statistics",
            ["organisationType"] = "nso",
        },
        ["partnerReference"] = partnerReference,
    };
}
