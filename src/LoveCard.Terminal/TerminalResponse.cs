using System.Net;
using System.Text.Json;

namespace LoveCard.Terminal;

/// <summary>An answer as received: status, the raw body bytes, whether the server replayed a kept answer.</summary>
public sealed record TerminalResponse(
    HttpStatusCode Status,
    byte[] Body,
    string? ContentType,
    bool Replayed,
    int Attempts,
    string? IdempotencyKey
)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The body as <typeparamref name="T"/>, or a <see cref="TerminalProblemException"/> for a non-2xx
    /// answer.</summary>
    public T Read<T>()
    {
        EnsureSuccess();
        return ProtocolJson.Deserialize<T>(Body);
    }

    public void EnsureSuccess()
    {
        if (!IsSuccess)
        {
            throw new TerminalProblemException(Status, TryReadProblem(), System.Text.Encoding.UTF8.GetString(Body));
        }
    }

    public Problem? TryReadProblem()
    {
        try
        {
            return Body.Length == 0 ? null : JsonSerializer.Deserialize<Problem>(Body, ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
