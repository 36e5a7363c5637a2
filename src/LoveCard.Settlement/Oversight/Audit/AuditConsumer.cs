using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using MassTransit;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// Records every integration event of its type in the audit trail, once (the inbox drops a
/// redelivery), a batch of them at a time in delivery order (ADR 0042). No version stream: the trail keeps
/// every event, also those that arrive late.
/// MassTransit needs a concrete consumer per event type, hence the one-line classes below.
/// </summary>
public abstract class AuditConsumer<TEvent>(IServiceProvider services) : InboxBatchConsumer<TEvent>(services)
    where TEvent : IntegrationEvent
{
    private readonly AuditTrail _trail = services.GetRequiredService<AuditTrail>();

    protected override Task HandleBatchAsync(
        IReadOnlyList<(Guid MessageId, TEvent Message)> messages,
        ConsumeScope scope,
        CancellationToken ct
    ) =>
        _trail.AppendAsync(
            scope.Connection,
            scope.Transaction,
            messages.Select(m => (m.MessageId, (IntegrationEvent)m.Message)).ToList(),
            ct
        );
}
