using LoveCard.Hosting.Secrets;

namespace LoveCard.Settlement.Gateway;

/// <summary>
/// Fault injection for the fault test F3 (issue 9): when <see cref="CrashAfterCommit"/> is set, an
/// idempotent request whose Idempotency-Key starts with it kills the process right after its
/// transaction committed and before its answer is written, the worst moment for a terminal.
/// </summary>
public sealed class TerminalFaultInjectionOptions
{
    /// <summary>Idempotency-Key prefix that triggers <c>Environment.FailFast</c>; null or empty = off.</summary>
    public string? CrashAfterCommit { get; set; }
}
