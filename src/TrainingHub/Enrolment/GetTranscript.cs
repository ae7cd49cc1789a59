using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Access;
using TrainingHub.Catalogue;
using TrainingHub.Kernel;
using Wolverine.Http;

namespace TrainingHub.Enrolment;

public sealed record TranscriptLine(Guid EnrolmentId, Guid OfferingId, Guid ProgrammeId, string ProgrammeTitle,
    DateOnly StartDate, DateOnly EndDate, string Status, IReadOnlyList<AssessmentEntry> Assessments, int? PreScore,
    int? PostScore, int? FinalScore, string? Outcome, bool? Passed, string? CertificateId);

/// <summary>Enrolments, assessments and outcomes: no personal data (certificate ids only for the enrolling partner
/// and admin), so analysts may read it too.</summary>
public sealed record Transcript(Guid TraineeId, IReadOnlyList<TranscriptLine> Enrolments);

public static class GetTranscriptEndpoint
{
    [WolverineGet("/api/trainees/{id}/transcript", OperationId = "getTranscript")]
    [ProducesResponseType<Transcript>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var caller = user.Caller();
        var person = await session.LoadAsync<Trainee>(id, ct);
        var records = person is null || caller.IsAnalyst ? [] : (await TraineeRecords.Load(session, id, ct)).VisibleTo(caller);
        if (person is null || !(caller.IsAdmin || caller.IsAnalyst || records.Count > 0))
            return TypedResults.Problem(Problems.NotFound("Trainee", id));

        // A partner sees only the enrolments it made; analysts and admin the person's whole path.
        var query = session.Query<EnrolmentView>().Where(e => e.TraineeId == id);
        if (!(caller.IsAdmin || caller.IsAnalyst)) query = query.Where(e => e.PartnerId == caller.OrganisationId);
        var enrolments = await query.OrderBy(e => e.EnrolledAt).ToListAsync(ct);
        // Certificate ids are free text (possibly a name): only for those who may read the person's details.
        var certificates = records.SelectMany(r => r.References)
            .Where(r => r.CertificateId is not null).ToDictionary(r => r.EnrolmentId, r => r.CertificateId);
        var offerings = (await session.LoadManyAsync<OfferingView>(ct, enrolments.Select(e => e.OfferingId).Distinct()))
            .ToDictionary(o => o.Id);
        var programmes = (await session.LoadManyAsync<ProgrammeView>(ct, enrolments.Select(e => e.ProgrammeId).Distinct()))
            .ToDictionary(p => p.Id);

        return TypedResults.Ok(new Transcript(id, [.. enrolments.Select(e => new TranscriptLine(e.Id, e.OfferingId,
            e.ProgrammeId, programmes.TryGetValue(e.ProgrammeId, out var p) ? p.Title : "",
            offerings[e.OfferingId].StartDate, offerings[e.OfferingId].EndDate, e.Status, e.Assessments, e.PreScore,
            e.PostScore, e.FinalScore, e.Outcome, e.Passed, certificates.GetValueOrDefault(e.Id)))]));
    }
}
