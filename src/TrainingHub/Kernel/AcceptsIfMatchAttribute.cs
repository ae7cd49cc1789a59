namespace TrainingHub.Kernel;

/// <summary>
/// Marks an endpoint that checks If-Match (<see cref="Versioning.CheckIfMatch"/>), so the OpenAPI document lists its
/// 412 and 428 answers; <see cref="Required"/> says whether a missing If-Match is itself a 428.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AcceptsIfMatchAttribute(bool required = false) : Attribute
{
    public bool Required { get; } = required;
}
