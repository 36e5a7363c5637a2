namespace LoveCard.Eligibility.Imports;

/// <summary>Wakes the background workers when there is new work, so tests and users need not wait for a poll.</summary>
public sealed class WorkSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Set()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Waits for a signal or <paramref name="timeout"/> (real time: a test's fake clock must not stall the
    /// worker).</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
