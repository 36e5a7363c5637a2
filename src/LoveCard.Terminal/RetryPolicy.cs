namespace LoveCard.Terminal;

/// <summary>Which lost answers a request may be resent after.</summary>
public enum RetryPolicy
{
    /// <summary>Send once.</summary>
    None,

    /// <summary>Timeouts, connection errors, 5xx and 429: for signed requests, which are idempotent or
    /// read-only.</summary>
    LostAnswers,

    /// <summary>Only when the request surely did not act: a failed connect, a 5xx, a 429 (activation codes are
    /// single-use).</summary>
    UndeliveredOnly,
}
