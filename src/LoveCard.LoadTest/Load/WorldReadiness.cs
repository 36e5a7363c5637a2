using System.Collections.Concurrent;
using System.Text.Json;
using LoveCard.LoadTest.Common;
using LoveCard.Terminal;

namespace LoveCard.LoadTest.Load;

/// <summary>
/// The load starts only in a ready world: settlement knows every seeded card as the cards service has
/// it. Every card is read back from the cards service (status and category), and each one's inquiry at
/// a benchmark terminal must approve the purchase with the category the cards service shows. A card
/// that does not yet is asked again until it does, or the seed fails after ten minutes, naming how many
/// are still behind and why (their decline codes), instead of a benchmark that declines elders.
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
            all.AddRange(items.Select(c => (Card(c), c.GetProperty("status").GetString()!)));
            if (items.Count < 500)
            {
                return all;
            }
        }
    }

    public static async Task WaitAsync(
        Uri settlement,
        WorldTerminal terminal,
        IReadOnlyList<WorldCard> cards,
        Action<string> say
    )
    {
        var credentials = new TerminalCredentials(terminal.TerminalId, terminal.Key, 1, null, null);
        using var probe = TerminalClient.Create(new TerminalClientOptions { ServerUrl = settlement }, credentials);
        var waiting = cards.ToList();
        var reasons = new ConcurrentDictionary<string, int>();
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            reasons.Clear();
            var behind = new ConcurrentBag<WorldCard>();
            await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (card, ct) =>
            {
                var inquiry = new InquiryRequest(Credential.Card(card.CardNumber), "meal", 1);
                if (Difference(card, await probe.InquireAsync(inquiry, ct)) is { } why)
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

            var summary = string.Join(", ", reasons.Select(r => $"{r.Value} {r.Key}"));
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"after {Limit.TotalMinutes} min settlement still answers {behind.Count} of {cards.Count} cards "
                        + $"differently from the cards service: {summary}"
                );
            }

            say(
                $"waiting for settlement: {behind.Count} of {cards.Count} cards not yet as the cards service "
                    + $"has them ({summary})"
            );
            waiting = [.. behind];
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
    }

    /// <summary>Why settlement's answer for <paramref name="card"/> is not what the cards service says, or
    /// null.</summary>
    private static string? Difference(WorldCard card, InquiryAnswer answer) =>
        answer.DeclineCode
        ?? (
            answer.Elder?.Category != card.Category
                ? $"category {answer.Elder?.Category} instead of {card.Category}"
                : null
        );

    private static WorldCard Card(JsonElement c) =>
        new(
            c.GetProperty("cardId").GetGuid(),
            c.GetProperty("cardNumber").GetString()!,
            c.TryGetProperty("category", out var category) && category.ValueKind == JsonValueKind.Number
                ? category.GetInt32()
                : null
        );
}
