namespace TrainingHub.Kernel;

/// <summary>
/// Problems of one request beyond a list: keeps the first <see cref="Problems.MaxListed"/> and counts the rest, so a
/// file or body with a million faults costs a counter, not a million entries in memory and in the answer.
/// </summary>
public sealed class ProblemList<T>
{
    private readonly List<T> _listed = [];

    /// <summary>Every problem added, listed or not.</summary>
    public int Total { get; private set; }

    public IReadOnlyList<T> Listed => _listed;

    public int Omitted => Total - _listed.Count;

    public void Add(T problem)
    {
        Total++;
        if (_listed.Count < Problems.MaxListed) _listed.Add(problem);
    }
}
