namespace LoveCard.Terminal;

/// <summary>One send of a request: which attempt, why it is being retried (null for the first), and its
/// signature.</summary>
public sealed record TerminalAttempt(
    int Number,
    string Method,
    string Target,
    string? IdempotencyKey,
    string? RetryReason,
    SignedHeaders? Signature
);
