namespace TrainingHub.Enrolment;

/// <summary>
/// A person, counted once across partners. The stream holds no personal data: the person is found by a keyed hash of
/// the normalised e-mail (<see cref="PersonalDataHasher"/>), so neither the unique index nor a unique-violation log
/// line holds an address. What each partner supplied about the person is that partner's own
/// <see cref="PartnerTrainee"/> stream.
/// </summary>
public sealed record TraineeIdentified(Guid TraineeId, string? EmailKey);

/// <summary>Admin erased the person everywhere: the e-mail key is masked, so a later enrolment with the same
/// address starts a new, unlinked person.</summary>
public sealed record TraineeErased(Guid TraineeId);

public sealed record Trainee(Guid Id, string? EmailKey, bool Erased)
{
    public int Version { get; init; }

    public static Trainee Create(TraineeIdentified e) => new(e.TraineeId, e.EmailKey, false);

    public Trainee Apply(TraineeErased _) => this with { EmailKey = null, Erased = true };

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();
}
