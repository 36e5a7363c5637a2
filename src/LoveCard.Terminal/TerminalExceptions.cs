using System.Net;

namespace LoveCard.Terminal;

/// <summary>The server answered with an RFC 9457 problem (4xx or 5xx); <see cref="Code"/> is its stable code.</summary>
public sealed class TerminalProblemException(HttpStatusCode status, Problem? problem, string rawBody)
    : Exception($"{(int)status} {problem?.Code ?? status.ToString()}: {problem?.Detail ?? problem?.Title ?? rawBody}")
{
    public HttpStatusCode Status { get; } = status;

    public Problem? Problem { get; } = problem;

    /// <summary>The stable code (e.g. <c>signature_invalid</c>, <c>already_voided</c>), or null when the body was not a problem.</summary>
    public string? Code => Problem?.Code;

    public string RawBody { get; } = rawBody;
}

/// <summary>
/// No answer after every allowed attempt (timeouts, 5xx, connection errors). For a POST the request
/// may or may not have been recorded: retry later with <see cref="IdempotencyKey"/> and the same body,
/// or look the purchase up by the key (TERMINAL-PROTOCOL.md "Idempotency").
/// </summary>
public sealed class TerminalUnreachableException(string target, string? idempotencyKey, int attempts, Exception? lastError, HttpStatusCode? lastStatus)
    : Exception($"No answer for {target} after {attempts} attempt(s){(lastStatus is { } s ? $" (last: {(int)s})" : lastError is null ? "" : $" (last: {lastError.Message})")}.", lastError)
{
    public string? IdempotencyKey { get; } = idempotencyKey;

    public int Attempts { get; } = attempts;

    public HttpStatusCode? LastStatus { get; } = lastStatus;
}
