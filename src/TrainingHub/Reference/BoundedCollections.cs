using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingHub.Reference;

/// <summary>
/// Bounds a list or map of a request body by the size of a reference vocabulary while the JSON is read: the reader
/// keeps one entry more than the maximum (so the rules can answer 422 naming the field) and skips the rest without
/// materialising it. A million-entry array therefore costs a scan of the bytes the body limit let in, not a million
/// strings and a million errors. Supports <c>IReadOnlyList&lt;string&gt;</c> and <c>Dictionary&lt;string, int&gt;</c>,
/// the collection types request bodies use; any other type fails at start-up rather than going unbounded.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxItemsAttribute(Vocabulary vocabulary) : JsonConverterAttribute
{
    public Vocabulary Vocabulary { get; } = vocabulary;

    public int Max => ReferenceData.Current.Size(Vocabulary);

    public override JsonConverter CreateConverter(Type typeToConvert) =>
        typeToConvert == typeof(IReadOnlyList<string>) ? new BoundedListConverter<string>(Max)
        : typeToConvert == typeof(Dictionary<string, int>) ? new BoundedDictionaryConverter<int>(Max)
        : throw new NotSupportedException($"[MaxItems] does not support {typeToConvert}; add a bounded converter for it.");
}

/// <summary>
/// Bounds a list of a request body by a rule's own maximum (not a vocabulary's size), read as <see cref="MaxItemsAttribute"/>
/// reads: one entry more than the maximum is kept so the rules can answer 422 naming the field, the rest is skipped.
/// Any <c>IReadOnlyList&lt;T&gt;</c>, including lists of objects.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxEntriesAttribute(int max) : JsonConverterAttribute
{
    public int Max { get; } = max;

    public override JsonConverter CreateConverter(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)
            ? (JsonConverter)Activator.CreateInstance(
                typeof(BoundedListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()), Max)!
            : throw new NotSupportedException($"[MaxEntries] supports IReadOnlyList<T>, not {typeToConvert}.");
}

/// <summary>Reads at most <c>max + 1</c> entries of a JSON array and skips the others.</summary>
public sealed class BoundedListConverter<T>(int max) : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Expected a JSON array.");
        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (items.Count <= max) items.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
            else reader.Skip();
        }
        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value) JsonSerializer.Serialize(writer, item, options);
        writer.WriteEndArray();
    }
}

/// <summary>Reads the first <c>max + 1</c> keys of a JSON object and skips the others (a repeated key: last wins).</summary>
public sealed class BoundedDictionaryConverter<T>(int max) : JsonConverter<Dictionary<string, T>>
{
    public override Dictionary<string, T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected a JSON object.");
        var entries = new Dictionary<string, T>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (entries.Count > max)
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            var key = reader.GetString()!;
            reader.Read();
            entries[key] = JsonSerializer.Deserialize<T>(ref reader, options)!;
        }
        return entries;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, T> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in value)
        {
            writer.WritePropertyName(key);
            JsonSerializer.Serialize(writer, item, options);
        }
        writer.WriteEndObject();
    }
}
