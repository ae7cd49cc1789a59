using TrainingHub.Enrolment;
using TrainingHub.Offerings;

namespace TrainingHub.Bench.Generator;

/// <summary>What was generated, for the report at the end and for checking the rebuilt read models.</summary>
public sealed class Statistics
{
    private readonly Dictionary<Type, long> _events = [];

    public long Streams { get; set; }
    public long Organisations { get; set; }
    public long ApiKeys { get; set; }
    public long Programmes { get; set; }
    public long ProgrammesRevised { get; set; }
    public long ProgrammesRetired { get; set; }
    public long Offerings { get; set; }
    public long OfferingsMapped { get; set; }
    public long OfferingsWithWaitlist { get; set; }
    public long OfferingsStartingAfterNow { get; set; }
    public long OfferingsOpen { get; set; }
    public long OpenSeats { get; set; }
    public long TraineesNew { get; set; }
    public long TraineesReturning { get; set; }
    public long PartnerTrainees { get; set; }
    public long ReturningEnrolments { get; set; }
    public long ArrivalsDropped { get; set; }
    public long EnrolmentNumber { get; set; }

    public long Events => _events.Values.Sum();
    public long Trainees => TraineesNew + TraineesReturning;

    public void Count(object e)
    {
        var type = e.GetType();
        _events[type] = _events.GetValueOrDefault(type) + 1;
    }

    public long Of<T>() => _events.GetValueOrDefault(typeof(T));

    public IReadOnlyDictionary<string, long> EventsByType =>
        _events.OrderBy(e => e.Key.Name, StringComparer.Ordinal).ToDictionary(e => e.Key.Name, e => e.Value);

    public long PreAssessments { get; set; }
    public long PostAssessments { get; set; }
    public long FinalAssessments { get; set; }
    public long Completed { get; set; }
    public long DidNotComplete { get; set; }

    /// <summary>Rows each read model must hold after a rebuild (table name without the schema).</summary>
    public IReadOnlyDictionary<string, long> ExpectedRows => new Dictionary<string, long>
    {
        ["mt_streams"] = Streams,
        ["mt_events"] = Events,
        ["mt_doc_organisation"] = Organisations,
        ["mt_doc_organisationview"] = Organisations,
        ["mt_doc_apikeycredential"] = ApiKeys,
        ["mt_doc_programme"] = Programmes,
        ["mt_doc_programmeview"] = Programmes,
        ["mt_doc_programmetimeline"] = Programmes,
        ["mt_doc_offering"] = Offerings,
        ["mt_doc_offeringview"] = Offerings,
        ["mt_doc_enrolmentview"] = Of<TraineeEnrolled>(),
        ["mt_doc_trainee"] = Trainees,
        ["mt_doc_partnertrainee"] = PartnerTrainees,
        ["mt_doc_enrolmentidempotency"] = Of<TraineeEnrolled>(),
        ["mt_doc_partnerfeedentry"] = Of<TraineeEnrolled>() + Of<WaitlistedTraineePromoted>() + Of<EnrolmentWithdrawn>()
                                      + Of<EnrolmentCancelled>() + Of<AssessmentRecorded>() + Of<EnrolmentCompleted>(),
    };
}
