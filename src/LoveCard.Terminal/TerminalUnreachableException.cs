using System.Net;

namespace LoveCard.Terminal;

/// <summary>
/// No answer after every allowed attempt (timeouts, 5xx, connection errors). For a POST the request
/// may or may not have been recorded: retry later with <see cref="IdempotencyKey"/> and the same body,
/// or look the purchase up by the key (TERMINAL-PROTOCOL.md "Idempotency").
/// </summary>
public sealed class TerminalUnreachableException(
    string target,
    string? idempotencyKey,
    int attempts,
    Exception? lastError,
    HttpStatusCode? lastStatus
)
    : Exception(
        $"No answer for {target} after {attempts} attempt(s)"
            + (
                lastStatus is { } s ? $" (last: {(int)s})"
                : lastError is null ? ""
                : $" (last: {lastError.Message})"
            )
            + ".",
        lastError
    )
{
    public string? IdempotencyKey { get; } = idempotencyKey;

    public int Attempts { get; } = attempts;

    public HttpStatusCode? LastStatus { get; } = lastStatus;
}
