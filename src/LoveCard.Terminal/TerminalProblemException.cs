using System.Net;

namespace LoveCard.Terminal;

/// <summary>The server answered with an RFC 9457 problem (4xx or 5xx); <see cref="Code"/> is its stable code.</summary>
public sealed class TerminalProblemException(HttpStatusCode status, Problem? problem, string rawBody)
    : Exception($"{(int)status} {problem?.Code ?? status.ToString()}: {problem?.Detail ?? problem?.Title ?? rawBody}")
{
    public HttpStatusCode Status { get; } = status;

    public Problem? Problem { get; } = problem;

    /// <summary>The stable code (e.g. <c>signature_invalid</c>, <c>already_voided</c>), or null when the body was not a
    /// problem.</summary>
    public string? Code => Problem?.Code;

    public string RawBody { get; } = rawBody;
}
