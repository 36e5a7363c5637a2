using Dapper;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// A death recorded late still finds what was bought after it (DOMAIN.md §8 "Death"): the date is kept in
/// <c>elder_deaths</c> and, in the same transaction, every purchase of the elder booked on or after the date
/// of death (Asia/Shanghai) is listed in one <c>after_death</c> anomaly per provider. The inbox makes a
/// redelivered event change nothing; the anomaly's dedup key (elder and provider) does the same for a replay.
/// </summary>
public sealed class ElderDiedConsumer(IServiceProvider services, AnomalyScanner scanner, TimeProvider time)
    : InboxConsumer<ElderDied>(services)
{
    protected override async Task HandleAsync(ElderDied message, ConsumeScope scope, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO elder_deaths (elder_id, home_county, date_of_death, recorded_at, looked_back_at)
            VALUES (@ElderId, @HomeCounty, @DateOfDeath, @RecordedAt, @Now)
            ON CONFLICT (elder_id) DO NOTHING
            """;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    message.ElderId,
                    message.HomeCounty,
                    message.DateOfDeath,
                    RecordedAt = message.OccurredAt.UtcDateTime,
                    Now = time.GetUtcNow().UtcDateTime,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
        await scanner.ScanDeathAsync(scope.Connection, scope.Transaction, message.ElderId, message.Actor, ct);
    }
}
