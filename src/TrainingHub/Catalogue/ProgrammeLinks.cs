using Marten;

namespace TrainingHub.Catalogue;

/// <summary>
/// What a programme's body points at, read before deciding: which of the named partners exist, the programme it
/// follows on from, and the programme itself when revising (null when registering).
/// </summary>
public sealed record ProgrammeLinks(IReadOnlySet<Guid> KnownOrganisations, ProgrammeView? FollowedProgramme, ProgrammeView? Self)
{
    public static readonly ProgrammeLinks None = new(new HashSet<Guid>(), null, null);

    public static async Task<ProgrammeLinks> LoadAsync(ProgrammeInput input, Guid? self, IQuerySession session,
        CancellationToken ct)
    {
        var partners = input.Partners is { Count: <= ProgrammeInput.MaxPartners } listed
            ? listed.Where(p => p?.OrganisationId is not null).Select(p => p.OrganisationId!.Value).Distinct().ToArray()
            : [];
        var known = partners.Length == 0 ? new HashSet<Guid>()
            : (await session.LoadManyAsync<Access.OrganisationView>(ct, partners)).Select(o => o.Id).ToHashSet();
        var programmes = new[] { input.FollowsOn, self }.OfType<Guid>().Distinct().ToArray();
        var views = programmes.Length == 0 ? []
            : (await session.LoadManyAsync<ProgrammeView>(ct, programmes)).ToDictionary(p => p.Id);
        return new ProgrammeLinks(known,
            input.FollowsOn is { } followed ? views.GetValueOrDefault(followed) : null,
            self is { } id ? views.GetValueOrDefault(id) : null);
    }
}
