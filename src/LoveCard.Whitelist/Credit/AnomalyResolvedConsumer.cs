using Dapper;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Providers;

namespace LoveCard.Whitelist.Credit;

/// <summary>
/// Credit that comes back (DOMAIN.md §8 "Credit"): a dismissed anomaly adds back the points it cost, as a
/// credit event of its own (<c>anomaly_dismissed</c>), so the provider's history shows both the deduction and
/// the restoration. It gives back what the deduction actually booked; if the dismissal overtook the
/// deduction on the bus, it gives back the anomaly's points, and the deduction, when it lands, still books:
/// the two events cancel in either order. The unique <c>restores_anomaly_id</c> books it once.
/// A confirmed anomaly keeps its points. Restoring never lifts a suspension: a bureau decides that.
/// </summary>
public sealed class AnomalyResolvedConsumer(IServiceProvider services, TimeProvider time)
    : InboxConsumer<AnomalyResolved>(services)
{
    protected override async Task HandleAsync(AnomalyResolved message, ConsumeScope scope, CancellationToken ct)
    {
        if (message.Status != "dismissed" || message.ProviderId is not { } providerId)
        {
            return;
        }

        var provider = await ProviderStore.LockAsync(scope.Connection, scope.Transaction, providerId, ct);
        if (provider is null)
        {
            return;
        }

        var booked = await scope.Connection.ExecuteScalarAsync<int?>(
            new CommandDefinition(
                "SELECT -points FROM credit_events WHERE anomaly_id = @AnomalyId",
                new { message.AnomalyId },
                scope.Transaction,
                cancellationToken: ct
            )
        );
        var points = booked ?? message.CreditPoints;
        if (points <= 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var score = Math.Clamp(provider.CreditScore + points, CreditBands.MinScore, CreditBands.MaxScore);
        const string sql = """
            WITH booked AS (
                INSERT INTO credit_events (id, provider_id, event_type, points, score_after, note, restores_anomaly_id,
                    actor_kind, actor_id, occurred_at)
                VALUES (@Id, @ProviderId, @Type, @Points, @Score, @Note, @AnomalyId, @ActorKind, @ActorId, @Now)
                ON CONFLICT (restores_anomaly_id) DO NOTHING
                RETURNING provider_id
            )
            UPDATE providers SET credit_score = @Score, updated_at = @Now WHERE id IN (SELECT provider_id FROM booked)
            """;
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    Id = Guid.CreateVersion7(now),
                    ProviderId = providerId,
                    Type = CreditEventTypes.AnomalyDismissed,
                    Points = points,
                    Score = score,
                    Note = $"anomaly {message.Rule} dismissed",
                    message.AnomalyId,
                    ActorKind = message.Actor.Kind,
                    ActorId = message.Actor.Id,
                    Now = now,
                },
                scope.Transaction,
                cancellationToken: ct
            )
        );
    }
}
