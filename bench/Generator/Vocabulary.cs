namespace TrainingHub.Bench.Generator;

/// <summary>A training topic: what a programme teaches, and the disciplines and standards that go with it.</summary>
public sealed record Topic(string Title, string[] Disciplines, string[] Standards);

/// <summary>Word lists for plausible names and texts. All codes used here exist in the app's reference data.</summary>
public static class Vocabulary
{
    public static readonly Topic[] Topics =
    [
        new("Measuring international migrant stocks and flows", ["demography"], ["UN-RSIM-R1", "UN-RSIMTM-2025", "EGMS-CF-2021"]),
        new("Using administrative data for migration statistics", ["it-data-science", "demography"], ["UN-RSIMTM-2025", "EGMS-CF-2021"]),
        new("Census questions on international migration", ["demography"], ["UN-PRC-R3", "UN-RSIM-R1"]),
        new("Statistics on refugees and asylum seekers", ["demography", "political-science"], ["EGRISS-IRRS"]),
        new("Statistics on internally displaced persons", ["demography", "political-science"], ["EGRISS-IRIS"]),
        new("Statistics on statelessness", ["political-science", "sociology"], ["EGRISS-IROSS"]),
        new("Forced displacement statistics", ["demography", "political-science"], ["EGRISS-IRRS", "EGRISS-IRIS", "EGRISS-IROSS"]),
        new("Labour migration statistics", ["economics"], ["ILO-ICLS20-LM", "UN-RSIMTM-2025"]),
        new("Remittances in the balance of payments", ["economics"], ["IMF-BPM6-A5", "IMF-RCG"]),
        new("Household surveys on migration", ["sociology", "demography"], ["UN-RSIM-R1", "EGMS-CF-2021"]),
        new("Migration in the SDG indicator framework", ["political-science", "demography"], ["UN-RSIMTM-2025", "EGMS-CF-2021"]),
        new("Data integration and record linkage for migration", ["it-data-science"], ["UN-RSIMTM-2025"]),
        new("Mobile phone and big data for mobility statistics", ["it-data-science", "behavioural-research"], []),
        new("Climate change, environment and human mobility", ["environmental-studies", "demography"], []),
        new("Migration data for policy analysis", ["political-science", "sociology"], ["EGMS-CF-2021"]),
        new("Return and reintegration statistics", ["sociology", "demography"], ["UN-RSIMTM-2025"]),
        new("Communicating and disseminating migration statistics", ["it-data-science", "sociology"], []),
        new("Migration and labour market integration", ["economics", "sociology"], ["ILO-ICLS20-LM"]),
        new("Estimating irregular migration", ["demography", "behavioural-research"], ["UN-RSIMTM-2025"]),
        new("Population projections with migration", ["demography"], ["UN-PRC-R3"]),
    ];

    public static readonly string[] Formats =
    [
        "regional workshop", "national workshop", "e-learning course", "training of trainers", "summer school",
        "webinar series", "certificate course", "technical seminar", "blended course", "study visit",
    ];

    public static readonly Dictionary<string, string[]> LanguagesByRegion = new()
    {
        ["ECA"] = ["en", "fr", "pt", "ar", "sw"],
        ["ECE"] = ["en", "ru", "fr", "de", "es"],
        ["ECLAC"] = ["es", "en", "pt", "fr"],
        ["ESCAP"] = ["en", "ru", "zh", "fr", "hi", "id"],
        ["ESCWA"] = ["ar", "en", "fr"],
    };

    public static readonly string[] GlobalLanguages = ["en", "fr", "es", "ar", "ru", "zh"];

    /// <summary>Where each commission sits, for its in-person events.</summary>
    public static readonly Dictionary<string, string> CommissionSeats = new()
    {
        ["ECA"] = "ETH", ["ECE"] = "CHE", ["ECLAC"] = "CHL", ["ESCAP"] = "THA", ["ESCWA"] = "LBN",
    };

    public static readonly (string Code, string Name)[] InternationalProviders =
    [
        ("UNSD", "United Nations Statistics Division"),
        ("UNFPA", "United Nations Population Fund"),
        ("IOM", "International Organization for Migration"),
        ("UNHCR", "Office of the United Nations High Commissioner for Refugees"),
        ("ILO", "International Labour Organization"),
        ("WBG", "World Bank Group"),
        ("IMF", "International Monetary Fund"),
        ("OECD", "Organisation for Economic Co-operation and Development"),
        ("UNICEF", "United Nations Children's Fund"),
        ("UNDP", "United Nations Development Programme"),
        ("UNODC", "United Nations Office on Drugs and Crime"),
        ("SIAP", "Statistical Institute for Asia and the Pacific"),
        ("ESTAT", "Eurostat"),
        ("STATAFRIC", "African Union Institute for Statistics"),
        ("PARIS21", "Partnership in Statistics for Development in the 21st Century"),
        ("UNPD", "United Nations Population Division"),
        ("EGRISS", "Expert Group on Refugee, IDP and Statelessness Statistics"),
        ("ICMPD", "International Centre for Migration Policy Development"),
        ("UNWOMEN", "UN Women"),
        ("UNITAR", "United Nations Institute for Training and Research"),
    ];

    public static readonly string[] NgoNames =
    [
        "Mixed Migration Research Network", "Migration Data Collaborative", "Centre for Displacement Studies",
        "Statistics Without Borders Network", "Refugee Data Alliance", "Diaspora Research Forum",
        "Open Migration Data Initiative", "Civil Society Migration Observatory",
    ];

    public static readonly string[] PrivateNames =
    [
        "Demographic Analytics", "Survey Methods Consulting", "Population Insight", "Mobility Data Labs",
        "Official Statistics Training Services",
    ];

    /// <summary>Partner sites that enrol trainees, with how strongly each recruits in each region.</summary>
    public static readonly (string Code, string Name, string Kind, Dictionary<string, double> Regions)[] Partners =
    [
        ("GMDA", "Global Migration Data Academy", "international",
            new() { ["ECA"] = 1, ["ECE"] = 1, ["ECLAC"] = 1, ["ESCAP"] = 1, ["ESCWA"] = 1 }),
        ("ASTN", "African Statistical Training Network", "ngo", new() { ["ECA"] = 5, ["ESCWA"] = 0.5 }),
        ("ESTC", "Eurasian Statistical Training Centre", "academic", new() { ["ECE"] = 5, ["ESCAP"] = 1 }),
        ("LAMLN", "Latin American Migration Learning Network", "ngo", new() { ["ECLAC"] = 5 }),
        ("APSLH", "Asia-Pacific Statistics Learning Hub", "international", new() { ["ESCAP"] = 5, ["ECE"] = 0.5 }),
        ("AITS", "Arab Institute for Training in Statistics", "international", new() { ["ESCWA"] = 5, ["ECA"] = 1 }),
        ("FSTP", "Francophone Statistics Training Partnership", "ngo", new() { ["ECA"] = 2, ["ECE"] = 1, ["ECLAC"] = 0.3 }),
        ("NTPC", "National Training Partners Consortium", "national",
            new() { ["ECA"] = 1, ["ECE"] = 1, ["ECLAC"] = 1, ["ESCAP"] = 1, ["ESCWA"] = 1 }),
        ("UNMD", "University Network on Migration Data", "academic",
            new() { ["ECA"] = 0.7, ["ECE"] = 1.5, ["ECLAC"] = 0.7, ["ESCAP"] = 1, ["ESCWA"] = 0.5 }),
        ("PIST", "Pacific Islands Statistics Training", "ngo", new() { ["ESCAP"] = 2 }),
    ];

    public static readonly Dictionary<string, string[]> GivenNames = new()
    {
        ["ECA"] = ["Amina", "Kwame", "Fatou", "Chinedu", "Aisha", "Tendai", "Abebe", "Grace", "Moussa", "Nia", "Yaw", "Zanele", "Ibrahim", "Mariam", "Thabo", "Esi", "Joseph", "Halima", "Samuel", "Adama"],
        ["ECE"] = ["Anna", "Ivan", "Maria", "Thomas", "Elena", "Lukas", "Sofia", "Jan", "Aigerim", "Nurlan", "Olga", "Pierre", "Emma", "Dmitri", "Katarzyna", "Giorgi", "Sarah", "Michael", "Dilnoza", "Armen"],
        ["ECLAC"] = ["Jose", "Maria", "Carlos", "Ana", "Luis", "Camila", "Diego", "Valentina", "Juan", "Gabriela", "Pedro", "Lucia", "Andres", "Fernanda", "Miguel", "Daniela", "Marlon", "Keisha", "Rosa", "Jorge"],
        ["ESCAP"] = ["Wei", "Priya", "Hiroshi", "Siti", "Arjun", "Mei", "Rahul", "Yuki", "Budi", "Anh", "Tenzin", "Min-jun", "Ayesha", "Bilal", "Sione", "Kanya", "Farid", "Lan", "Ravi", "Aroha"],
        ["ESCWA"] = ["Ahmed", "Fatima", "Omar", "Layla", "Youssef", "Noor", "Khalid", "Huda", "Ali", "Rania", "Hassan", "Salma", "Karim", "Dina", "Tariq", "Mona", "Samir", "Yasmin", "Nabil", "Reem"],
    };

    public static readonly Dictionary<string, string[]> FamilyNames = new()
    {
        ["ECA"] = ["Diallo", "Mensah", "Okafor", "Traore", "Banda", "Kamau", "Tesfaye", "Ndlovu", "Toure", "Mwangi", "Osei", "Abdi", "Keita", "Nkosi", "Achieng", "Sow", "Bekele", "Ouedraogo", "Phiri", "Mutasa"],
        ["ECE"] = ["Ivanova", "Muller", "Petrov", "Nowak", "Dubois", "Smith", "Beridze", "Nurlanov", "Rossi", "Kowalski", "Horvat", "Jensen", "Popescu", "Garcia", "Aliyev", "Karimov", "Novak", "Hansen", "Sargsyan", "Yilmaz"],
        ["ECLAC"] = ["Garcia", "Rodriguez", "Martinez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez", "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Silva", "Santos", "Morales", "Campbell", "Baptiste", "Herrera", "Castro"],
        ["ESCAP"] = ["Wang", "Sharma", "Tanaka", "Rahman", "Nguyen", "Kumar", "Li", "Sato", "Santoso", "Tran", "Dorji", "Chen", "Kim", "Khan", "Perera", "Singh", "Tupou", "Suzuki", "Reyes", "Bui"],
        ["ESCWA"] = ["Haddad", "Al-Masri", "Khalil", "Nasser", "Saleh", "Hamdan", "Aziz", "Mansour", "Farah", "Hussein", "Qasim", "Yassin", "Darwish", "Suleiman", "Bakr", "Othman", "Al-Amin", "Habib", "Jaber", "Zaki"],
    };

    /// <summary>Trainees' organisation types (the app's target audiences), weighted as partners see them.</summary>
    public static readonly (string Code, double Weight)[] OrganisationTypes =
    [
        ("nso", 40), ("ministry", 15), ("migration-agency", 12), ("border-agency", 5), ("central-bank", 4),
        ("academia", 10), ("international-organisation", 6), ("ngo", 6), ("private-sector", 2),
    ];

    public static readonly (string Code, double Weight)[] Sexes =
        [("female", 52), ("male", 46), ("other", 0.5), ("undisclosed", 1.5)];

    public static readonly (string Code, double Weight)[] Levels = [("basic", 40), ("intermediate", 40), ("advanced", 20)];

    public static readonly (string Code, double Weight)[] DeliveryModes =
        [("in-person", 50), ("online", 35), ("blended", 20), ("self-paced", 15)];

    public static readonly string[] CancellationReasons =
    [
        "Too few enrolments to run the course.", "The trainer is no longer available.", "The venue is no longer available.",
        "Travel restrictions in the host country.", "Funding for this session was withdrawn.",
        "Merged with another session of the same programme.", "Postponed indefinitely at the host institution's request.",
    ];

    public static readonly string[] RetirementReasons =
    [
        "Superseded by a revised programme.", "The standard it teaches was replaced.", "Funding ended.",
        "Merged into a broader curriculum.",
    ];

    public static string OrganisationName(string type, string countryName, Rng rng) => type switch
    {
        "nso" => rng.Chance(0.5) ? $"National Statistics Office of {countryName}" : $"Statistics {countryName}",
        "ministry" => $"Ministry of {rng.Pick(["Interior", "Labour", "Foreign Affairs", "Social Affairs", "Planning"])}, {countryName}",
        "migration-agency" => $"Migration Service of {countryName}",
        "border-agency" => $"Border Agency of {countryName}",
        "central-bank" => $"Central Bank of {countryName}",
        "academia" => $"University of {countryName}",
        "international-organisation" => rng.Pick(InternationalProviders).Name,
        "ngo" => $"Refugee Support Network {countryName}",
        _ => $"Data Analytics Consulting {countryName}",
    };

    public static string EmailPart(string name) =>
        new(name.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
}
