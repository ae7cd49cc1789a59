using Npgsql;

namespace TrainingHub.Kernel;

public static class DatabaseErrors
{
    /// <summary>A unique index refused a write: the race it guards was lost, and the caller may decide again.</summary>
    public static bool IsUniqueViolation(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }
}
