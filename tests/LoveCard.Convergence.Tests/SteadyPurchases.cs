using System.Collections.Concurrent;
using LoveCard.Terminal;

namespace LoveCard.Convergence.Tests;

/// <summary>
/// Purchases that go on through the fault: one terminal buys, one purchase at a time, for the given
/// cards in turn. Each logical purchase keeps its idempotency key; a send that failed (a 503 while the
/// database is away, a timeout) is sent again with the same key until it gets an answer, so every
/// purchase ends with exactly one outcome. A logical purchase is one request: its <c>occurredAt</c> is fixed
/// when it is first made, so every send of it has the same body (a send whose answer was lost may have
/// been booked, and the same key with another body is refused <c>idempotency_key_reused</c>).
/// </summary>
public sealed class SteadyPurchases(TerminalClient terminal, string item, IReadOnlyList<string> cardNumbers)
    : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(string Key, PurchaseRequest Request, PurchaseAnswer? Answer)> _done = new();
    private Task? _work;
    private bool _disposed;

    public int FailedSends;

    public int Tried => _done.Count;

    public void Start() => _work = Task.Run(WorkAsync);

    private async Task WorkAsync()
    {
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var request = NewRequest(cardNumbers[n % cardNumbers.Count]);
            var key = TerminalClient.NewIdempotencyKey();
            var answer = await BuyAsync(request, key, _stop.Token);
            _done.Enqueue((key, request, answer));
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One purchase of the item with the card, given now, to the second as a terminal sends it.</summary>
    public PurchaseRequest NewRequest(string card)
    {
        var now = terminal.Now;
        var occurredAt = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, now.Offset);
        return new PurchaseRequest(Credential.Card(card), item, OccurredAt: occurredAt);
    }

    /// <summary>Sends the same request until answered; null only when stopped first (settled afterwards).</summary>
    public async Task<PurchaseAnswer?> BuyAsync(PurchaseRequest request, string key, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await terminal.PurchaseAsync(request, key, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e)
                when (e is TerminalUnreachableException or HttpRequestException or TaskCanceledException
                    || e is TerminalProblemException { Status: >= System.Net.HttpStatusCode.InternalServerError }
                )
            {
                Interlocked.Increment(ref FailedSends);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }
    }

    /// <summary>Stops, then sends every purchase left unanswered again with its key until it is answered.</summary>
    public async Task<IReadOnlyList<(string Key, string Card, PurchaseAnswer Answer)>> StopAndSettleAsync(
        TimeSpan timeout
    )
    {
        await _stop.CancelAsync();
        if (_work is not null)
        {
            await _work;
        }

        using var settle = new CancellationTokenSource(timeout);
        var settled = new List<(string, string, PurchaseAnswer)>();
        foreach (var (key, request, answer) in _done)
        {
            var card = request.Credential.Value;
            settled.Add(
                (
                    key,
                    card,
                    answer
                        ?? await BuyAsync(request, key, settle.Token)
                        ?? throw new TimeoutException($"purchase {key} with {card} got no answer within {timeout}")
                )
            );
        }

        return settled;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        if (_work is not null)
        {
            await _work;
        }

        _stop.Dispose();
    }
}
