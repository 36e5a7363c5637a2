namespace LoveCard.EndToEnd.Tests;

/// <summary>
/// Real time plus an offset that a test can move forward. The settlement host runs on it so a month
/// can be closed once it is over (ClearingStore refuses earlier) without stopping the clock: the
/// purchases are booked at real time first, then the offset carries the service into next month.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
