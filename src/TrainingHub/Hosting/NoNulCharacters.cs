using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingHub.Hosting;

/// <summary>
/// PostgreSQL cannot store U+0000 in text or jsonb; a request carrying it is malformed input (400), not a failure.
/// </summary>
public sealed class NoNulCharacters : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is not null && value.Contains('\0'))
            throw new JsonException("Strings may not contain the NUL character (U+0000).");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
