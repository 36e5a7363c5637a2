namespace LoveCard.Hosting.Messaging;

/// <summary>How long the <see cref="OutboxRelay"/> pauses when it found nothing, and after a round it could not
/// publish.</summary>
internal static class RelayPauses
{
    private static readonly TimeSpan MaxIdlePause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan QuietPause = TimeSpan.FromSeconds(1);
    private const int QuietRounds = 240; // a minute of empty rounds at MaxIdlePause

    /// <summary>
    /// 5 ms doubling to 250 ms: a row written by another instance waits at most that long; after a
    /// quiet minute, 1 s (issue 20: an idle relay asked four times a second). A write in this process
    /// wakes the relay at once whatever the pause, and any row found starts the ramp again.
    /// </summary>
    public static TimeSpan Idle(int emptyRounds) =>
        emptyRounds > QuietRounds
            ? QuietPause
            : TimeSpan.FromMilliseconds(
                Math.Min(MaxIdlePause.TotalMilliseconds, 5 * Math.Pow(2, Math.Min(emptyRounds - 1, 10)))
            );

    /// <summary>200 ms doubling to 5 s, with up to 20 % jitter so instances of many services don't retry in
    /// step.</summary>
    public static TimeSpan AfterFailure(int failedRounds)
    {
        var baseMs = Math.Min(5000, 200 * Math.Pow(2, Math.Min(failedRounds - 1, 10)));
        return TimeSpan.FromMilliseconds(baseMs * (1 + Random.Shared.NextDouble() * 0.2));
    }
}
