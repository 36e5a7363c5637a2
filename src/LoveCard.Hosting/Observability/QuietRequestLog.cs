namespace LoveCard.Hosting.Observability;

/// <summary>
/// Endpoint metadata for a hot path (a terminal's purchase, hundreds a second at lunchtime): the
/// <see cref="RequestLogMiddleware"/> writes no line for its answers below 400 that took less than
/// <see cref="SlowerThan"/>; a refusal, a failure or a slow answer is still logged. The HTTP metrics count every
/// request either way. Add it with <c>.WithMetadata(QuietRequestLog.Instance)</c>.
/// </summary>
public sealed class QuietRequestLog
{
    public static readonly QuietRequestLog Instance = new();

    /// <summary>An answer at least this slow is logged all the same.</summary>
    public static readonly TimeSpan SlowerThan = TimeSpan.FromMilliseconds(500);

    private QuietRequestLog() { }
}
