namespace LoveCard.Hosting.Messaging;

/// <summary>
/// Work of this process that writes events by the hundred thousand (a roster import) marks itself
/// here while it runs, and this process's outbox relay publishes those events after it rather than
/// during it (ADR 0008). On one machine the two compete for the same cores, and the relay, the
/// broker and the outbox's "sent" marks cost about as much CPU per event as writing it; the events
/// are not late for anyone by waiting: the outbox is first in, first out, so everything written
/// after the import's first batch waits behind its events either way, and the consumers (cards
/// provisions a card per elder) take them slower than the relay publishes them afterwards.
/// The relay yields at most <see cref="MaxYield"/> in a row, then publishes anyway; the mark lives
/// in the process, so a crashed import cannot hold the relay back.
/// </summary>
public sealed class BulkWork(TimeSpan? maxYield = null)
{
    /// <summary>The longest the relay waits behind bulk work in one stretch, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultMaxYield = TimeSpan.FromMinutes(15);

    public TimeSpan MaxYield { get; } = maxYield ?? DefaultMaxYield;

    private readonly Lock _lock = new();
    private int _active;
    private long _lastEndMs = long.MinValue / 2;
    private long _sinceMs; // real time (Environment.TickCount64): a test's fake clock must not hold the relay back

    /// <summary>Marks bulk work as running until the result is disposed.</summary>
    public IDisposable Begin()
    {
        lock (_lock)
        {
            // Back-to-back imports count as one stretch: the cap is on how long the relay waits, not per import.
            if (_active++ == 0 && Environment.TickCount64 - _lastEndMs > 5000)
            {
                _sinceMs = Environment.TickCount64;
            }
        }

        return new Mark(this);
    }

    /// <summary>True while bulk work runs and has not yet held the relay back for <see cref="MaxYield"/>.</summary>
    public bool RelayShouldYield
    {
        get
        {
            lock (_lock)
            {
                return _active > 0 && Environment.TickCount64 - _sinceMs < MaxYield.TotalMilliseconds;
            }
        }
    }

    private void End()
    {
        lock (_lock)
        {
            if (--_active == 0)
            {
                _lastEndMs = Environment.TickCount64;
            }
        }
    }

    private sealed class Mark(BulkWork owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.End();
            }
        }
    }
}
