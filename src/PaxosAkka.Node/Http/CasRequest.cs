using System.Text;
using System.Text.Json;

namespace PaxosAkka.Node.Http;

/// <summary>
/// The body of <c>POST /kv/{key}/cas</c>: <c>{"expected": string|null, "value": string}</c>. Parsed strictly with
/// <see cref="JsonDocument"/> (no reflection) so each malformed body gets a precise 400 message.
/// </summary>
/// <param name="Expected">UTF-8 of the expected value; null means "the key must be absent".</param>
/// <param name="Value">UTF-8 of the new value.</param>
internal sealed record CasRequest(byte[]? Expected, byte[] Value)
{
    /// <summary>Parses <paramref name="body"/>; on failure returns null and a message for the client.</summary>
    public static CasRequest? TryParse(ReadOnlyMemory<byte> body, out string error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException e)
        {
            error = $"body is not valid JSON: {e.Message}";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "body must be a JSON object {\"expected\": string|null, \"value\": string}";
                return null;
            }

            if (!root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
            {
                error = "\"value\" is required and must be a string";
                return null;
            }

            // "expected" must be stated, even as null: a forgotten field must not silently mean "create if absent".
            if (!root.TryGetProperty("expected", out var expected) || expected.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                error = "\"expected\" is required and must be a string or null";
                return null;
            }

            try
            {
                byte[] valueBytes = Utf8(value);
                byte[]? expectedBytes = expected.ValueKind == JsonValueKind.Null ? null : Utf8(expected);
                error = string.Empty;
                return new CasRequest(expectedBytes, valueBytes);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // An escaped lone surrogate ("\ud800") is valid JSON but not text that has a UTF-8 form.
                error = $"string is not valid Unicode: {e.Message}";
                return null;
            }
        }
    }

    private static byte[] Utf8(JsonElement element) =>
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetBytes(element.GetString()!);
}
