using Dapper;
using LoveCard.Cards.Cards;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Cards.Provisioning;

/// <summary>
/// A recorded death revokes the elder's card at once, reason <c>death</c> (DOMAIN.md §8 "Death"). Revocation
/// is final, so a card already revoked is left as it is; an elder without a card has nothing to revoke.
/// The same per-elder advisory lock as provisioning keeps a racing classification from slipping between.
/// </summary>
public sealed class ElderDiedConsumer(IServiceProvider services, TimeProvider time) : InboxConsumer<ElderDied>(services)
{
    private static readonly Actor Registry = Actor.System("cards-death");

    protected override async Task HandleAsync(ElderDied message, ConsumeScope scope, CancellationToken ct)
    {
        var tx = new CardTransaction(scope.Connection, scope.Transaction, time.GetUtcNow());
        await scope.Connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended('cards:elder:' || @elderId::text, 0))",
                new { elderId = message.ElderId },
                scope.Transaction,
                cancellationToken: ct
            )
        );
        var card = await CardStore.LockAsync(
            scope.Connection,
            scope.Transaction,
            "elder_id = @elderId",
            new { elderId = message.ElderId },
            ct
        );
        if (card is null || card.Status == CardStatuses.Revoked)
        {
            return;
        }

        card.Revoke(SuspensionReasons.Death);
        var detail =
            "date of death "
            + message.DateOfDeath.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var change = new CardChange("revoked", detail, c =>
            c.Describe(Blank.Revoked, message.Actor, SuspensionReasons.Death, tx.Now)
        );
        await CardStore.SaveAsync(tx, card, change, message.Actor, ct);
    }
}
