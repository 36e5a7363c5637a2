using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Providers;

namespace LoveCard.Whitelist.Credit;

/// <summary>
/// Settlement's supervision anomalies deduct credit points from the provider (ARCHITECTURE.md,
/// "Flow" 5). Idempotent twice over: the inbox drops a redelivered message, and the unique
/// <c>credit_events.anomaly_id</c> drops a second message about the same anomaly.
/// </summary>
public sealed class AnomalyRaisedConsumer(
    IServiceProvider services,
    CreditStore credit,
    ILogger<AnomalyRaisedConsumer> logger
) : InboxConsumer<AnomalyRaised>(services)
{
    protected override async Task HandleAsync(AnomalyRaised message, ConsumeScope scope, CancellationToken ct)
    {
        if (message.ProviderId is not { } providerId || message.CreditPoints <= 0)
        {
            return; // the rule concerns only the card
        }

        var provider = await ProviderStore.LockAsync(scope.Connection, scope.Transaction, providerId, ct);
        if (provider is null)
        {
            logger.LogWarning(
                "Anomaly {AnomalyId} names provider {ProviderId}, which this service does not know; no credit booked",
                message.AnomalyId,
                providerId
            );
            return;
        }

        var outcome = await credit.BookAsync(
            scope.Connection,
            scope.Transaction,
            provider,
            CreditEventTypes.SettlementAnomaly,
            -message.CreditPoints,
            $"anomaly {message.Rule}",
            message.AnomalyId,
            message.Actor,
            ct
        );
        if (outcome is null)
        {
            logger.LogInformation("Anomaly {AnomalyId} was already booked", message.AnomalyId);
        }
    }
}
