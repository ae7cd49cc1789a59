namespace TrainingHub.Bench.Generator;

public static class Clock
{
    public static DateTimeOffset WholeSecond(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static DateTimeOffset At(DateOnly day, int hour, int minute = 0) => StartOf(day).AddHours(hour).AddMinutes(minute);

    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    public static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

public static class Ids
{
    /// <summary>
    /// A version 7 UUID like the app's Guid.CreateVersion7, but with the given creation time and seeded random bits,
    /// so ids sort by when the thing was created in the generated history and a seed always gives the same ids.
    /// </summary>
    public static Guid Version7(DateTimeOffset at, Rng rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        var a = rng.NextUInt64();
        var b = rng.NextUInt64();
        bytes[6] = (byte)(0x70 | (a & 0x0F));
        bytes[7] = (byte)(a >> 8);
        bytes[8] = (byte)(0x80 | ((a >> 16) & 0x3F));
        for (var i = 9; i < 16; i++) bytes[i] = (byte)(b >> (8 * (i - 9)));
        return new Guid(bytes, bigEndian: true);
    }
}
