using System.Text.Json;
using System.Text.Json.Serialization;

namespace Descent.Training;

/// <summary>
/// Stores a string that holds JSON as the JSON value itself (an array or object in the file, not an escaped string), and reads
/// either form back as text: the value form of checkpoint format 2 and the string form of format 1.
/// </summary>
/// <remarks>
/// Format 1 escaped the whole training history into one string inside <c>progress.json</c>, so every checkpoint encoded it twice
/// and the serializer's pooled buffers grew with the escaped copy. Writing it raw encodes it once.
/// </remarks>
internal sealed class RawJsonStringConverter : JsonConverter<string>
{
    /// <inheritdoc/>
    public override bool HandleNull => false;

    /// <inheritdoc/>
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The text is not one JSON value.</exception>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        try
        {
            writer.WriteRawValue(value);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"the history must be one JSON value (it is stored as JSON since checkpoint format 2): {e.Message}", nameof(value), e);
        }
    }
}
