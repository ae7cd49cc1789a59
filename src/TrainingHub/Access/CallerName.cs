using Marten;

namespace TrainingHub.Access;

public static class CallerName
{
    /// <summary>
    /// The caller organisation's name as registered now, for events that keep it as it was (a later rename changes
    /// nothing recorded). The bootstrap admin key has no organisation stream: it acts as the administration.
    /// </summary>
    public static async Task<string> OfAsync(IQuerySession session, Caller caller, CancellationToken ct) =>
        caller.IsAdmin && caller.OrganisationId == Caller.AdministrationOrganisationId
            ? Caller.AdministrationName
            : (await session.LoadAsync<OrganisationView>(caller.OrganisationId, ct))?.Name ?? caller.OrganisationId.ToString();
}
