using LoveCard.Cards.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;

namespace LoveCard.Cards.Provisioning;

/// <summary>
/// Provisioning without application (DOMAIN.md §1, 免申即享), in batches (ADR 0046): a roster import of millions
/// of elders becomes cards at the pace of a few statements per batch, not a transaction per elder. For each batch, in
/// one transaction: the inbox drops a redelivered message and the "elder" version stream an older classification that
/// arrives late (<see cref="InboxBatchConsumer{TEvent}"/>); the batch's elders are locked (the same per-elder advisory
/// lock a death takes) and their cards read; <see cref="ClassificationBatch"/> applies the classifications in delivery
/// order; the new cards get their numbers, and cards, history and events are written set-based
/// (<see cref="ProvisioningWrites"/>). The unique elder id on <c>cards</c> keeps one card per elder whatever races.
/// The class name is the queue's and the inbox's key, as it was when classifications came one at a time.
/// </summary>
[InboxBatchShape(messageLimit: 500, concurrencyLimit: 2)]
public sealed class ElderClassifiedConsumer(
    IServiceProvider services,
    TimeProvider time,
    PersonalDataProtector protector,
    ILogger<ElderClassifiedConsumer> logger
) : InboxBatchConsumer<ElderClassified>(services)
{
    protected override string? VersionStream => "elder";

    protected override async Task HandleBatchAsync(
        IReadOnlyList<(Guid MessageId, ElderClassified Message)> messages,
        ConsumeScope scope,
        CancellationToken ct
    )
    {
        var tx = new CardTransaction(scope.Connection, scope.Transaction, time.GetUtcNow());
        var elders = messages.Select(m => m.Message.ElderId).Distinct().ToArray();
        await ProvisioningWrites.LockEldersAsync(tx, elders, ct);
        var batch = new ClassificationBatch(tx.Now);
        batch.Load(await ProvisioningWrites.LockCardsAsync(tx, elders, ct));
        foreach (var (_, message) in messages)
        {
            batch.Apply(message);
        }

        await ProvisioningWrites.ClaimNumbersAsync(tx, batch, protector, logger, ct);
        await ProvisioningWrites.WriteAsync(tx, batch, ct);
        logger.LogInformation(
            "{Classifications} classifications applied: {Provisioned} cards provisioned, {Changes} changes in all",
            messages.Count,
            batch.Created.Count,
            batch.Changes.Count
        );
    }
}
