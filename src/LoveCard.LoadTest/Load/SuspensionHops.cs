using Dapper;
using Npgsql;

namespace LoveCard.LoadTest.Load;

/// <summary>
/// Where R4's time goes, hop by hop (ADR 0059): for each suspension, the times its event was written, published
/// and consumed, read from the benchmark's database (cards' outbox, settlement's inbox), beside the times the
/// benchmark saw. All clocks are the one machine's. The hops add up to the latency R4 reports:
/// <list type="bullet">
/// <item><c>request</c>: the suspend request, sent until answered (cards: the card locked and saved, history and
/// event written, committed);</item>
/// <item><c>relay</c>: answered until the relay began to publish (its wake and linger, its read); negative when
/// it published before the answer reached the benchmark;</item>
/// <item><c>broker</c>: published until settlement's consumer began its transaction (MassTransit, RabbitMQ, the
/// delivery, the consumer gate);</item>
/// <item><c>settle</c>: the consumer's transaction until an inquiry answered <c>card_suspended</c> (its commit,
/// then the poll's 5 ms and the inquiry).</item>
/// </list>
/// </summary>
public static class SuspensionHops
{
    /// <summary>Fills in the database's times; false (and the hops left out) without a database or when the rows
    /// are not there within 10 s.</summary>
    public static async Task<bool> ReadAsync(IReadOnlyList<SuspensionSample> samples)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
        if (connectionString is null || samples.Count == 0)
        {
            return false;
        }

        const string sql = """
            SELECT o.aggregate_id AS CardId, o.created_at AS Written, o.sent_at AS Published,
                   i.received_at AS Consumed
            FROM cards.outbox o
            LEFT JOIN settlement.inbox i ON i.message_id = o.message_id AND i.consumer = 'CardSuspendedConsumer'
            WHERE o.message_type = 'LoveCard.Contracts.Cards.CardSuspended' AND o.aggregate_id = ANY(@ids)
            """;
        var ids = samples.Select(s => s.CardId.ToString()).ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            // The relay marks a round sent in its next read: the last suspension's mark may still be coming.
            var rows = (await connection.QueryAsync<Row>(sql, new { ids }))
                .GroupBy(r => r.CardId)
                .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Written)!);
            var complete = samples.All(s =>
                rows.TryGetValue(s.CardId.ToString(), out var r) && r.Published is not null && r.Consumed is not null
            );
            if (complete || DateTimeOffset.UtcNow > deadline)
            {
                foreach (var sample in samples)
                {
                    if (rows.TryGetValue(sample.CardId.ToString(), out var row))
                    {
                        sample.Written = Utc(row.Written);
                        sample.Published = row.Published is { } p ? Utc(p) : null;
                        sample.Consumed = row.Consumed is { } c ? Utc(c) : null;
                    }
                }

                return complete;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Each hop's p50, p90, p95, p99 and maximum in milliseconds, over the samples that have its
    /// times.</summary>
    public static Dictionary<string, Dictionary<string, double>> Summary(IReadOnlyList<SuspensionSample> samples) =>
        new()
        {
            ["total"] = Percentiles(samples.Select(s => (double?)Ms(s.Seen - s.Sent))),
            ["request"] = Percentiles(samples.Select(s => (double?)Ms(s.Answered - s.Sent))),
            ["relay"] = Percentiles(samples.Select(s => s.Published is { } p ? Ms(p - s.Answered) : (double?)null)),
            ["broker"] = Percentiles(
                samples.Select(s => s is { Published: { } p, Consumed: { } c } ? Ms(c - p) : (double?)null)
            ),
            ["settle"] = Percentiles(samples.Select(s => s.Consumed is { } c ? Ms(s.Seen - c) : (double?)null)),
            ["inquiries"] = Percentiles(samples.Select(s => (double?)s.Inquiries)),
        };

    /// <summary>One line per hop, for the console.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<SuspensionSample> samples) =>
        Summary(samples)
            .Select(hop =>
                hop.Value.Count == 0
                    ? $"{hop.Key, -9} no samples"
                    : $"{hop.Key, -9} p50 {hop.Value["p50"], 7:F1}  p90 {hop.Value["p90"], 7:F1}  "
                        + $"p95 {hop.Value["p95"], 7:F1}  p99 {hop.Value["p99"], 7:F1}  max {hop.Value["max"], 7:F1}"
            );

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private static double Ms(TimeSpan span) => Math.Round(span.TotalMilliseconds, 2);

    private static Dictionary<string, double> Percentiles(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToArray();
        if (sorted.Length == 0)
        {
            return [];
        }

        double At(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        return new()
        {
            ["n"] = sorted.Length,
            ["p50"] = At(50),
            ["p90"] = At(90),
            ["p95"] = At(95),
            ["p99"] = At(99),
            ["max"] = sorted[^1],
        };
    }

    private sealed class Row
    {
        public string CardId { get; set; } = "";

        public DateTime Written { get; set; }

        public DateTime? Published { get; set; }

        public DateTime? Consumed { get; set; }
    }
}
