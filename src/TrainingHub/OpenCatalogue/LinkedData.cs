using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using TrainingHub.Catalogue;
using TrainingHub.Reference;

namespace TrainingHub.OpenCatalogue;

/// <summary>
/// The open catalogue as schema.org linked data: a programme is a <c>Course</c>, an offering a <c>CourseInstance</c>,
/// the standards it teaches <c>DefinedTerm</c>s whose identifiers are the CASE framework's item URIs. The context is
/// inline (<c>@vocab</c>), so a JSON-LD processor needs no network to read it.
/// </summary>
public static class LinkedData
{
    public const string MediaType = "application/ld+json";
    private const string SchemaOrg = "https://schema.org/";

    /// <summary>Whether the caller prefers JSON-LD to plain JSON (Accept: application/ld+json).</summary>
    public static bool Preferred(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string type) => accept.Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1).DefaultIfEmpty(-1).Max();
        var linked = Quality(MediaType);
        return linked > 0 && linked >= Quality("application/json");
    }

    public static IResult Answer(JsonObject document, HttpResponse response)
    {
        response.Headers.Vary = HeaderNames.Accept;
        return TypedResults.Text(document.ToJsonString(), MediaType + "; charset=utf-8");
    }

    public static JsonObject WithContext(JsonObject node)
    {
        var document = new JsonObject { ["@context"] = new JsonObject { ["@vocab"] = SchemaOrg } };
        foreach (var (key, value) in node.ToArray())
        {
            node.Remove(key);
            document[key] = value;
        }
        return document;
    }

    public static string ProgrammeUri(string baseUrl, Guid id) => $"{baseUrl}/api/public/programmes/{id}";

    public static string OfferingUri(string baseUrl, Guid id) => $"{baseUrl}/api/public/offerings/{id}";

    public static JsonObject Course(PublicProgramme programme, IEnumerable<PublicOffering> offerings, string baseUrl,
        ReferenceData reference)
    {
        var course = new JsonObject
        {
            ["@type"] = "Course",
            ["@id"] = ProgrammeUri(baseUrl, programme.Id),
            ["identifier"] = programme.Id.ToString(),
            ["name"] = programme.Title,
            ["educationalLevel"] = reference.Levels.FirstOrDefault(l => l.Code == programme.Level)?.Name ?? programme.Level,
            ["inLanguage"] = Array(programme.Languages.Select(l => (JsonNode?)l)),
            // The provider and its co-organisers run the course together; hosts and technical partners contribute.
            ["provider"] = Array(programme.Partners.Where(p => p.Role == "co-organiser").Select(p => p.Organisation)
                .Prepend(programme.Provider).Select(Organization)),
            ["teaches"] = Array(programme.Standards.Select(code => Standard(code, baseUrl, reference))),
            ["about"] = Array(programme.Disciplines.Select(code => Term(code,
                reference.DisciplineName(code)))),
            ["audience"] = Array(programme.TargetAudiences.Select(code => (JsonNode?)new JsonObject
            {
                ["@type"] = "Audience",
                ["audienceType"] = reference.Vocabularies.TargetAudiences.FirstOrDefault(a => a.Code == code)?.Name ?? code,
            })),
            ["hasCourseInstance"] = Array(offerings.Select(o => (JsonNode?)CourseInstance(o, baseUrl, reference))),
        };
        if (programme.Summary is { } summary) course["description"] = summary;
        if (programme.Url is { } url) course["url"] = url;
        if (programme.DurationHours is { } hours) course["timeRequired"] = $"PT{hours}H";
        // Each module is a Syllabus teaching its elements, identified (like the standards) by their CASE items.
        if (programme.Modules.Count > 0)
            course["syllabusSections"] = Array(programme.Modules.Select(module =>
            {
                var section = new JsonObject
                {
                    ["@type"] = "Syllabus",
                    ["name"] = module.Title,
                    ["teaches"] = Array(module.Elements.Select(code => Element(code, baseUrl, reference))),
                };
                if (module.Hours is { } moduleHours) section["timeRequired"] = $"PT{moduleHours}H";
                if (module.LearningObjectives.Count > 0) section["description"] = string.Join("\n", module.LearningObjectives);
                return (JsonNode?)section;
            }));
        if (programme.FollowsOn is { } followed) course["isBasedOn"] = new JsonObject { ["@id"] = ProgrammeUri(baseUrl, followed) };
        var contributors = programme.Partners.Where(p => p.Role is "host" or "technical-partner").Select(p => p.Organisation);
        if (contributors.Any()) course["contributor"] = Array(contributors.Select(Organization));
        var funders = programme.Partners.Where(p => p.Role == PartnerRoles.Funder).Select(p => p.Organisation);
        if (funders.Any()) course["funder"] = Array(funders.Select(Organization));
        return course;
    }

    public static JsonObject CourseInstance(PublicOffering offering, string baseUrl, ReferenceData reference)
    {
        var instance = new JsonObject
        {
            ["@type"] = "CourseInstance",
            ["@id"] = OfferingUri(baseUrl, offering.Id),
            ["identifier"] = offering.Id.ToString(),
            ["name"] = offering.ProgrammeTitle,
            ["courseMode"] = offering.DeliveryMode switch
            {
                "in-person" => "onsite",
                "self-paced" => "asynchronous",
                var mode => mode,
            },
            ["startDate"] = offering.StartDate.ToString("yyyy-MM-dd"),
            ["endDate"] = offering.EndDate.ToString("yyyy-MM-dd"),
            ["inLanguage"] = offering.Language,
            ["organizer"] = Organization(offering.Provider),
            ["eventStatus"] = new JsonObject
            {
                ["@id"] = SchemaOrg + (offering.Status == OfferingStatus.Cancelled ? "EventCancelled" : "EventScheduled"),
            },
            ["maximumAttendeeCapacity"] = offering.Capacity,
            ["remainingAttendeeCapacity"] = offering.SeatsAvailable,
            ["location"] = offering.VenueCountry is { } venue && reference.CountriesByCode.TryGetValue(venue, out var country)
                ? new JsonObject
                {
                    ["@type"] = "Place",
                    ["name"] = country.Name,
                    ["address"] = new JsonObject { ["@type"] = "PostalAddress", ["addressCountry"] = country.Alpha2 },
                }
                : new JsonObject { ["@type"] = "VirtualLocation", ["name"] = "Online" },
        };
        return instance;
    }

    /// <summary>An offering on its own also says which course it is an instance of (schema.org has no such property,
    /// so the course's own one, reversed).</summary>
    public static JsonObject StandaloneCourseInstance(PublicOffering offering, string baseUrl, ReferenceData reference)
    {
        var instance = CourseInstance(offering, baseUrl, reference);
        instance["@reverse"] = new JsonObject
        {
            ["hasCourseInstance"] = new JsonObject { ["@id"] = ProgrammeUri(baseUrl, offering.ProgrammeId) },
        };
        return instance;
    }

    private static JsonNode? Standard(string code, string baseUrl, ReferenceData reference) => new JsonObject
    {
        ["@type"] = "DefinedTerm",
        ["@id"] = CompetencyFramework.ItemUri(baseUrl, code),
        ["termCode"] = code,
        ["name"] = reference.StandardTitle(code),
    };

    private static JsonNode? Element(string code, string baseUrl, ReferenceData reference) => new JsonObject
    {
        ["@type"] = "DefinedTerm",
        ["@id"] = CompetencyFramework.ItemUri(baseUrl, code),
        ["termCode"] = code,
        ["name"] = reference.ElementTitle(code),
    };

    private static JsonNode? Term(string code, string name) =>
        new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = code, ["name"] = name };

    private static JsonNode? Organization(PublicOrganisation organisation)
    {
        var node = new JsonObject { ["@type"] = "Organization", ["name"] = organisation.Name };
        if (organisation.Code is { } code) node["identifier"] = code;
        return node;
    }

    private static JsonArray Array(IEnumerable<JsonNode?> nodes) => new([.. nodes]);
}
