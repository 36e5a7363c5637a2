using System.Diagnostics;
using LoveCard.LoadTest.Common;
using LoveCard.Terminal;

namespace LoveCard.LoadTest.Load;

/// <summary>
/// R4 (BENCHMARKS.md): from the moment a bureau suspends a card at the cards API until a terminal
/// is declined <c>card_suspended</c> with that card (cards → outbox → RabbitMQ → settlement's read
/// model). Polled with signed inquiries every few milliseconds (an inquiry runs the purchase's own
/// checks and records nothing), then confirmed with one real purchase; the card is resumed after.
/// </summary>
public static class SuspensionBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var world = World.Load(args.Require("world"));
        var repeats = args.Int("repeats", 200);
        var pollMs = args.Int("poll-ms", 5);
        var cards = Api.Client("cards", "bureau", world.County, subject: "bench-r4");
        var terminal = world.Terminals[0];
        using var client = TerminalClient.Create(
            new TerminalClientOptions { ServerUrl = new Uri(world.SettlementUrl), MaxAttempts = 1 },
            new TerminalCredentials(terminal.TerminalId, terminal.Key, 1, null, null)
        );
        var latencies = new Latencies();
        var samples = new List<SuspensionSample>(repeats);
        var failures = 0;
        // Cards from the end of the list; the load runs draw on all cards, which is fine: each is resumed.
        var picks = world.Cards.Skip(Math.Max(0, world.Cards.Count - repeats)).Take(repeats).ToList();
        foreach (var card in picks)
        {
            var sent = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            await Api.PostAsync(
                cards,
                $"/api/cards/{card.CardId}/suspend",
                new { reason = "lost", note = "benchmark R4" }
            );
            var answered = DateTimeOffset.UtcNow;
            var inquiries = 0;
            while (true)
            {
                var inquiry = await client.InquireAsync(
                    new InquiryRequest(Credential.Card(card.CardNumber), "meal", 1)
                );
                inquiries++;
                if (inquiry.DeclineCode == "card_suspended")
                {
                    break;
                }

                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    failures++;
                    break;
                }

                await Task.Delay(pollMs);
            }

            latencies.Record((long)watch.Elapsed.TotalMicroseconds);
            samples.Add(
                new SuspensionSample(card.CardId, sent, answered, sent + watch.Elapsed) { Inquiries = inquiries }
            );
            var purchase = await client.PurchaseAsync(
                new PurchaseRequest(Credential.Card(card.CardNumber), "meal", 1, OccurredAt: client.Now)
            );
            if (purchase.DeclineCode != "card_suspended")
            {
                Console.Error.WriteLine(
                    $"[r4] CHECK FAILED: a purchase with suspended card {card.CardNumber} answered {purchase.Status} "
                        + $"{purchase.DeclineCode}"
                );
                failures++;
            }

            await Api.PostAsync(
                cards,
                $"/api/cards/{card.CardId}/resume",
                new { reason = "found", note = "benchmark R4" }
            );
        }

        var p99 = latencies.PercentileMs(99);
        // Where the time went (ADR 0059): each hop from the benchmark's database, when it can reach it.
        var hopsComplete = await SuspensionHops.ReadAsync(samples);
        await Results.WriteAsync(
            args,
            new
            {
                id = "R4",
                repeats = picks.Count,
                pollMs,
                latency = latencies.Summary(),
                hops = SuspensionHops.Summary(samples),
                hopsComplete,
                samples,
                failures,
                goal = "p99 <= 250 ms",
                pass = p99 <= 250 && failures == 0,
            }
        );
        Console.Error.WriteLine(
            $"[r4] suspension→decline p50 {latencies.PercentileMs(50):F1} ms, p99 {p99:F1} ms, {failures} failures"
        );
        foreach (var line in SuspensionHops.Lines(samples))
        {
            Console.Error.WriteLine($"[r4] {line}");
        }
        return failures == 0 ? 0 : 3;
    }
}
