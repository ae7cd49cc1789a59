using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Hosting;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public sealed record TraineeExport(
    Guid TraineeId,
    TraineePersonalData Person,
    string Sex,
    string CountryOfResidence,
    string OrganisationType,
    bool Erased,
    IReadOnlyList<TraineeReference> PartnerReferences,
    IReadOnlyList<EnrolmentView> Enrolments);

/// <summary>Everything held about the person (right of access), for a partner that enrolled them, or admin.</summary>
public static class ExportTraineeEndpoint
{
    [WolverineGet("/api/trainees/{id}/export", OperationId = "exportTrainee")]
    [ProducesResponseType<TraineeExport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = user.Caller();
        var trainee = await session.LoadAsync<Trainee>(id, ct);
        if (trainee is null || !(caller.IsAdmin || trainee.EnrolledBy(caller.OrganisationId)))
            return TypedResults.Problem(Problems.NotFound("Trainee", id));

        var enrolments = await session.Query<EnrolmentView>().Where(e => e.TraineeId == id)
            .OrderBy(e => e.EnrolledAt).ToListAsync(ct);
        // Hashes are internal to idempotency; the references themselves are the person's data.
        var references = trainee.References.Select(r => r with { RequestHash = null }).ToArray();
        return TypedResults.Ok(new TraineeExport(trainee.Id, trainee.Person, trainee.Sex, trainee.CountryOfResidence,
            trainee.OrganisationType, trainee.Erased, references, enrolments));
    }
}
