using TrainingHub.Reference;

namespace TrainingHub.Reports;

/// <summary>
/// Running totals of a group of offerings (a gaps cell, a standard, a programme or provider), filled in one pass over
/// the offerings in scope.
/// </summary>
public sealed class SupplyTally
{
    public int Offerings { get; private set; }
    public int Seats { get; private set; }
    public int Confirmed { get; private set; }
    public int Waitlisted { get; private set; }
    /// <summary>Tracked enrolments only; <see cref="Reported"/> holds the reported part.</summary>
    public int Completed { get; private set; }
    public int Passed { get; private set; }
    public double GainSum { get; private set; }
    public int GainPairs { get; private set; }
    /// <summary>Countries reached: tracked completed trainees' and those reported participation names.</summary>
    public CodeSet Countries;
    /// <summary>The reported part of <see cref="Countries"/> alone.</summary>
    public CodeSet ReportedCountries;
    private int _reportedParticipants, _reportedFemale, _reportedCompleted, _reportedPassed;

    public ReportedFigures Reported => new(_reportedParticipants, _reportedFemale, _reportedCompleted, _reportedPassed,
        ReportedCountries.Count);

    public void Add(ScopedOffering offering)
    {
        var o = offering.Counts;
        Offerings++;
        Seats += o.Capacity;
        Confirmed += o.Confirmed;
        Waitlisted += o.Waitlisted;
        Completed += o.Completed;
        Passed += o.Passed;
        GainSum += o.GainSum;
        GainPairs += o.GainPairs;
        Countries.UnionWith(offering.Reached);
        ReportedCountries.UnionWith(offering.ReportedReached);
        if (o.Reported is { } reported)
        {
            _reportedParticipants += reported.Participants;
            _reportedFemale += reported.Female;
            _reportedCompleted += reported.Completed;
            _reportedPassed += reported.Passed;
        }
    }
}
