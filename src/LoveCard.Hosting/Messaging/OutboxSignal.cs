namespace LoveCard.Hosting.Messaging;

/// <summary>
/// Wakes the outbox relays of this process when an event is written, in place of a database
/// NOTIFY (which serialises commits cluster-wide, see migration 002_outbox_without_notify). The
/// signal is raised when the row is written, before its transaction commits, and again by
/// <see cref="Outbox.Committed"/> once a writer that calls it has committed, so a relay that wakes
/// too early finds nothing and looks again when the commit signal comes, or a few milliseconds later
/// (<see cref="OutboxRelay"/>'s adaptive pause). Writes made by another process are found by polling.
/// <para>
/// Level-triggered (ADR 0059): every raise moves <see cref="Version"/> on, and a relay waits from the
/// version it saw before its last read, so a raise while it was reading or publishing wakes it at
/// once instead of being lost until its idle pause (up to 250 ms) ran out.
/// </para>
/// </summary>
internal static class OutboxSignal
{
    private static long _version;
    private static TaskCompletionSource _next = NewSource();

    /// <summary>How many times the signal was raised; take it before a look at the outbox, wait from it
    /// after.</summary>
    public static long Version => Interlocked.Read(ref _version);

    /// <summary>Wakes every relay waiting in this process.</summary>
    public static void Raise()
    {
        // The version first: a waiter that reads the source and then finds the version unchanged is woken by the
        // completion below, and one that reads the version after this sees it moved.
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _next, NewSource()).TrySetResult();
    }

    /// <summary>Waits until the signal was raised after <paramref name="seen"/> (at once if it already was) or
    /// until <paramref name="timeout"/> passes; true when raised.</summary>
    public static async Task<bool> WaitAsync(long seen, TimeSpan timeout, CancellationToken ct)
    {
        var raised = Volatile.Read(ref _next).Task;
        if (raised.IsCompleted || Version != seen)
        {
            return true;
        }

        // A race with a delay rather than WaitAsync(timeout): an idle relay times out several times a
        // second, and a TimeoutException thrown and caught each time is work for nothing.
        using var pause = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var first = await Task.WhenAny(raised, Task.Delay(timeout, pause.Token));
        await pause.CancelAsync();
        ct.ThrowIfCancellationRequested();
        return first == raised;
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
