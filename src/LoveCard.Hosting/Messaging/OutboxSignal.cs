namespace LoveCard.Hosting.Messaging;

/// <summary>
/// Wakes the outbox relays of this process when an event is written, in place of a database
/// NOTIFY (which serialises commits cluster-wide, see migration 002_outbox_without_notify). The
/// signal is raised when the row is written, before its transaction commits, so a relay that wakes
/// too early finds nothing and looks again a few milliseconds later (<see cref="OutboxRelay"/>'s
/// adaptive pause). Writes made by another process are found by polling.
/// </summary>
internal static class OutboxSignal
{
    private static TaskCompletionSource _next = NewSource();

    /// <summary>Wakes every relay waiting in this process.</summary>
    public static void Raise() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>Waits until the next <see cref="Raise"/> or until <paramref name="timeout"/> passes; true when
    /// raised.</summary>
    public static async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var raised = Volatile.Read(ref _next).Task;
        if (raised.IsCompleted)
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
