using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LoveCard.Convergence.Tests;

/// <summary>
/// A county clerk who records the consent of every elder whose card is waiting for it, over and over
/// until told to stop, whatever the services answer meanwhile (503s during the fault are retried on the
/// next round). This is people's work at the counter, not an operator repairing the system.
/// </summary>
public sealed class Clerk(HttpClient cards, string county, IReadOnlySet<string> leaveAlone) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _work;
    private bool _disposed;

    public int Consented;
    public int FailedAttempts;

    /// <summary>The last refusal or error, for the test's message.</summary>
    public string? LastFailure { get; private set; }

    public void Start() => _work = Task.Run(WorkAsync);

    private async Task WorkAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var waiting = $"/api/cards?county={county}&status=pending_consent&page=1&pageSize=200";
                var page = JsonNode.Parse(await cards.GetStringAsync(waiting, _stop.Token))!;
                foreach (var card in page["items"]!.AsArray())
                {
                    if (leaveAlone.Contains(card!["cardNumber"]!.GetValue<string>()))
                    {
                        continue;
                    }

                    var consent = new
                    {
                        givenBy = "elder",
                        channel = "offline_assisted",
                        place = "村便民服务中心",
                    };
                    var path = $"/api/cards/{card["cardId"]}/consent";
                    using var answer = await cards.PostAsJsonAsync(path, consent, _stop.Token);
                    if (answer.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref Consented);
                    }
                    else
                    {
                        Interlocked.Increment(ref FailedAttempts);
                        LastFailure = $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(_stop.Token)}";
                    }
                }
            }
            catch (Exception e)
                when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                Interlocked.Increment(ref FailedAttempts);
                LastFailure = e.Message;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
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
