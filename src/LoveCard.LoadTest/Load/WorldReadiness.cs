using System.Collections.Concurrent;
using System.Text.Json;
using LoveCard.LoadTest.Common;
using LoveCard.Terminal;

namespace LoveCard.LoadTest.Load;

/// <summary>
/// The load starts only in a ready world: settlement knows every seeded card as the cards service has
/// it. Every card is read back from the cards service (status and category), and each one's inquiry at a
/// benchmark terminal must approve the purchase with the category the cards service shows. A card that
/// does not yet is asked again until it does, or the seed fails after ten minutes, naming how many are
/// still behind and why (their decline codes), instead of a benchmark that declines elders.
/// </summary>
public static class WorldReadiness
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>The county's cards as the cards service has them now (every page).</summary>
    public static async Task<IReadOnlyList<(WorldCard Card, string Status)>> CardsAsync(HttpClient cards, string county)
    {
        var all = new List<(WorldCard, string)>();
        for (var page = 1; ; page++)
        {
            var list = await Api.GetAsync(cards, $"/api/cards?county={county}&page={page}&pageSize=500");
            var items = list.GetProperty("items").EnumerateArray().ToList();
            all.AddRange(items.Select(c => (new WorldCard(c.GetProperty("cardId").GetGuid(), c.GetProperty("cardNumber").GetString()!,
                c.TryGetProperty("category", out var cat) && cat.ValueKind == JsonValueKind.Number ? cat.GetInt32() : null),
                c.GetProperty("status").GetString()!)));
            if (items.Count < 500)
            {
                return all;
            }
        }
    }

    public static async Task WaitAsync(Uri settlement, WorldTerminal terminal, IReadOnlyList<WorldCard> cards, Action<string> say)
    {
        using var probe = TerminalClient.Create(new TerminalClientOptions { ServerUrl = settlement },
            new TerminalCredentials(terminal.TerminalId, terminal.Key, 1, null, null));
        var waiting = cards.ToList();
        var reasons = new ConcurrentDictionary<string, int>();
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            reasons.Clear();
            var behind = new ConcurrentBag<WorldCard>();
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (card, ct) =>
            {
                var answer = await probe.InquireAsync(new InquiryRequest(Credential.Card(card.CardNumber), "meal", 1), ct);
                var why = answer.DeclineCode is { } code ? code
                    : answer.Elder?.Category != card.Category ? $"category {answer.Elder?.Category} instead of {card.Category}"
                    : null;
                if (why is not null)
                {
                    behind.Add(card);
                    reasons.AddOrUpdate(why, 1, (_, n) => n + 1);
                }
            });
            if (behind.IsEmpty)
            {
                say($"settlement knows all {cards.Count} cards as the cards service has them");
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"after {Limit.TotalMinutes} min settlement still answers {behind.Count} of {cards.Count} cards differently: " +
                    string.Join(", ", reasons.Select(r => $"{r.Value} {r.Key}")));
            }

            say($"waiting for settlement: {behind.Count} of {cards.Count} cards not yet as the cards service has them ({string.Join(", ", reasons.Select(r => $"{r.Value} {r.Key}"))})");
            waiting = [.. behind];
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
    }
}
