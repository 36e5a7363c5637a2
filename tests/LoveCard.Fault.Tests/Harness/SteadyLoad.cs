using System.Collections.Concurrent;
using System.Diagnostics;
using LoveCard.Terminal;

namespace LoveCard.Fault.Tests.Harness;

/// <summary>
/// A steady load of signed purchases (BENCHMARKS.md, bounded in count and time, loopback only):
/// each terminal buys for the scenario's elders in turn, one purchase at a time, through the
/// reference client, which resends a lost answer with the same key and the same bytes.
/// </summary>
public sealed class SteadyLoad
{
    private readonly ConcurrentQueue<PurchaseOutcome> _outcomes = new();
    private int _started;

    public IReadOnlyCollection<PurchaseOutcome> Outcomes => _outcomes;

    public int Count => _outcomes.Count;

    /// <summary>
    /// Runs until <paramref name="maxPurchases"/> were sent or <paramref name="maxDuration"/> passed
    /// or <paramref name="stop"/> fires; <paramref name="clients"/> are one per terminal (each may aim at another
    /// server).
    /// </summary>
    public async Task RunAsync(
        FaultWorld.Scenario scenario,
        IReadOnlyList<TerminalClient> clients,
        int maxPurchases,
        TimeSpan maxDuration,
        TimeSpan pause,
        string keyPrefix = "",
        CancellationToken stop = default
    )
    {
        var deadline = DateTime.UtcNow + maxDuration;
        await Task.WhenAll(
            clients.Select(async client =>
            {
                while (!stop.IsCancellationRequested && DateTime.UtcNow < deadline)
                {
                    var n = Interlocked.Increment(ref _started);
                    if (n > maxPurchases)
                    {
                        return;
                    }

                    var elder = scenario.Elders[n % scenario.Elders.Count];
                    var outcome = new PurchaseOutcome(
                        client.Credentials!.TerminalId,
                        keyPrefix + Guid.NewGuid().ToString("N"),
                        FaultWorld.PurchaseBody(elder)
                    );
                    _outcomes.Enqueue(outcome);
                    await SendAsync(client, outcome);
                    if (pause > TimeSpan.Zero)
                    {
                        await Task.Delay(pause, CancellationToken.None);
                    }
                }
            })
        );
    }

    /// <summary>One logical purchase: the client's own retries of lost answers, same key and bytes.</summary>
    public static async Task SendAsync(TerminalClient client, PurchaseOutcome outcome)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await client.SendAsync(
                HttpMethod.Post,
                "/terminal/v1/purchases",
                outcome.Body,
                outcome.Key,
                signed: true,
                RetryPolicy.LostAnswers
            );
            outcome.Status = (int)response.Status;
            outcome.Answer = response.Body;
            outcome.Attempts += response.Attempts;
            outcome.Replayed = response.Replayed;
            outcome.Error = response.IsSuccess ? null : response.TryReadProblem()?.Code;
        }
        catch (TerminalUnreachableException e)
        {
            outcome.Status = null;
            outcome.Answer = null;
            outcome.Attempts += e.Attempts;
            outcome.Error = "unreachable: " + e.Message;
        }
        finally
        {
            outcome.Took = watch.Elapsed;
        }
    }

    /// <summary>
    /// After recovery, every purchase without an answer is retried as the protocol tells a
    /// terminal to (same key, same bytes) until it gets one; the keys answered before are sent again
    /// too, and must replay their first answer byte for byte.
    /// </summary>
    public async Task<IReadOnlyList<string>> SettleAsync(Func<string, TerminalClient> clientFor, TimeSpan timeout)
    {
        var mismatches = new ConcurrentBag<string>();
        var deadline = DateTime.UtcNow + timeout;
        await Parallel.ForEachAsync(_outcomes, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (outcome, _) =>
        {
            var firstStatus = outcome.Status;
            var firstAnswer = outcome.Answer;
            var copy = new PurchaseOutcome(outcome.TerminalId, outcome.Key, outcome.Body);
            do
            {
                await SendAsync(clientFor(outcome.TerminalId), copy);
            } while (copy.Status is not (200 or 422) && DateTime.UtcNow < deadline);

            if (firstStatus == 200 && (copy.Status != 200 || !copy.Answer!.AsSpan().SequenceEqual(firstAnswer)))
            {
                mismatches.Add(
                    $"{outcome.Key}: first 200, retry {copy.Status} "
                        + $"{(copy.Answer is null ? "" : System.Text.Encoding.UTF8.GetString(copy.Answer))}"
                );
            }

            if (firstStatus != 200)
            {
                outcome.Status = copy.Status;
                outcome.Answer = copy.Answer;
                outcome.Error = copy.Error;
                outcome.Attempts += copy.Attempts;
            }
        });
        return [.. mismatches];
    }
}
