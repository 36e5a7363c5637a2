namespace LoveCard.Hosting.Messaging;

/// <summary>
/// How many consumers of this process work on the database at once (<see cref="BusOptions.ConsumerConcurrency"/>,
/// by default half the connection pool). Every queue prefetches dozens of messages; without a bound, a
/// burst of events (a roster import's) would take every pooled connection, and the terminals' requests
/// would wait for one until they time out (ADR 0016). A consumer waits here before it opens its
/// connection, so waiting costs no connection and no timeout.
/// </summary>
public sealed class ConsumerGate(int limit)
{
    private readonly SemaphoreSlim _slots = new(limit, limit);

    public int Limit { get; } = limit;

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        return new Slot(_slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
