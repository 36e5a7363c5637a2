using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoveCard.Terminal;

// The protocol's JSON bodies (TERMINAL-PROTOCOL.md "Endpoints"), as the terminal sees them. Money is
// integer fen (分), times ISO 8601 with offset. The server may add fields; unknown fields are ignored,
// and fields the protocol does not fix are nullable here so an older server still parses.

/// <summary>One set of JSON settings for every body the client sends and reads: camelCase, as the protocol
/// says.</summary>
public static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The exact bytes to send; serialise ONCE per logical request, so retries resend the same
    /// bytes.</summary>
    public static byte[] Serialize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, Options);

    public static T Deserialize<T>(byte[] body) =>
        JsonSerializer.Deserialize<T>(body, Options)
        ?? throw new JsonException($"The server answered an empty {typeof(T).Name}.");
}
