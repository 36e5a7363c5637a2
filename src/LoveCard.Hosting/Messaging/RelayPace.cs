namespace LoveCard.Hosting.Messaging;

/// <summary>
/// The outbox relay's recent pace, rows published a second, averaged over about a second (each round's rows count
/// for less the longer ago it was), and whether the relay's linger pays at that pace (ADR 0059). A linger makes
/// every row of the next round wait; it pays when the round then carries several rows instead of one, so when the
/// pace brings at least <see cref="RowsWorthALinger"/> rows within one linger (100 a second for 20 ms). Below that
/// (a bureau suspending a card, a quiet county) a row leaves as soon as it is seen; above it (purchases at lunchtime,
/// a roster's events) the relay batches as before (ADR 0042). Times are the caller's, so the rule is tested without
/// a clock.
/// </summary>
public sealed class RelayPace
{
    /// <summary>Rows a linger must be expected to gather for the relay to linger.</summary>
    public const double RowsWorthALinger = 2;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private double _rate;
    private TimeSpan _at;

    /// <summary>Counts <paramref name="rows"/> published at <paramref name="at"/> (a monotonic time).</summary>
    public void Published(int rows, TimeSpan at)
    {
        _rate = RowsPerSecond(at) + rows / Window.TotalSeconds;
        _at = at;
    }

    /// <summary>The pace at <paramref name="at"/>: rows a second, decayed since the last round.</summary>
    public double RowsPerSecond(TimeSpan at)
    {
        var since = Math.Max(0, (at - _at).TotalSeconds);
        return _rate * Math.Exp(-since / Window.TotalSeconds);
    }

    /// <summary>True when a linger of <paramref name="linger"/> is expected to gather enough rows to be worth its
    /// wait.</summary>
    public bool WorthLingering(TimeSpan linger, TimeSpan at) =>
        RowsPerSecond(at) * linger.TotalSeconds >= RowsWorthALinger;
}
