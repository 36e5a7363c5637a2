using Dapper;
using LoveCard.Cards.Cards;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Messaging;

namespace LoveCard.Cards.Provisioning;

/// <summary>
/// Provisioning without application (DOMAIN.md §1, 免申即享): an eligible, classified elder gets a
/// card pending consent; an elder who is no longer eligible has a live card suspended
/// (<c>not_eligible</c>), and gets it back, in the status it had, when eligible again.
/// The inbox drops a redelivered message; the "elder" version stream drops an older
/// classification that arrives late; the unique elder id on <c>cards</c> and a per-elder advisory
/// lock make two racing classifications of one elder end with exactly one card.
/// </summary>
public sealed class ElderClassifiedConsumer(
    IServiceProvider services,
    TimeProvider time,
    ILogger<ElderClassifiedConsumer> logger
) : InboxConsumer<ElderClassified>(services)
{
    private static readonly Actor Provisioning = Actor.System("cards-provisioning");

    protected override string? VersionStream => "elder";

    protected override async Task HandleAsync(ElderClassified message, ConsumeScope scope, CancellationToken ct)
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

        var eligible = message.Eligible && message.Category is not null;
        var card = await CardStore.LockAsync(
            scope.Connection,
            scope.Transaction,
            "elder_id = @elderId",
            new { elderId = message.ElderId },
            ct
        );
        if (card is null)
        {
            if (eligible)
            {
                await ProvisionAsync(message, tx, ct);
            }

            return;
        }

        if (card.Status == CardStatuses.Revoked)
        {
            // Revocation is final (death, left the programme); a later classification does not revive it.
            return;
        }

        var wasEligible = card.Eligible;
        var holderChanged =
            card.HomeCounty != message.HomeCounty
            || card.VillageCode != message.VillageCode
            || (eligible && card.Category != message.Category);
        card.HomeCounty = message.HomeCounty;
        card.VillageCode = message.VillageCode;
        card.MaskedName = message.MaskedName;
        if (eligible)
        {
            card.Category = message.Category;
        }

        var reason = "classified:" + message.RulesVersion;
        if (eligible ? card.MarkEligible() : card.MarkNotEligible())
        {
            var change = eligible
                ? new CardChange("resumed", "eligible again", c =>
                    c.Describe(Blank.Resumed, Provisioning, reason, tx.Now)
                )
                : new CardChange("suspended", SuspensionReasons.NotEligible, c =>
                    c.Describe(Blank.Suspended, Provisioning, SuspensionReasons.NotEligible, tx.Now)
                );
            await CardStore.SaveAsync(tx, card, change, Provisioning, ct);
        }
        else if (holderChanged || wasEligible != eligible)
        {
            var change = new CardChange(
                "holder_changed",
                $"eligible {card.Eligible}, county {card.HomeCounty}, category {card.Category}",
                c =>
                    c.Describe(Blank.HolderChanged, Provisioning, reason, tx.Now) with
                    {
                        Category = c.Category,
                        VillageCode = c.VillageCode,
                    }
            );
            await CardStore.SaveAsync(tx, card, change, Provisioning, ct);
        }
        else
        {
            // Only the masked name may differ: keep it without a new version.
            await scope.Connection.ExecuteAsync(
                new CommandDefinition(
                    "UPDATE cards SET masked_name = @MaskedName WHERE card_id = @CardId",
                    card,
                    scope.Transaction,
                    cancellationToken: ct
                )
            );
        }
    }

    private async Task ProvisionAsync(ElderClassified message, CardTransaction tx, CancellationToken ct)
    {
        var cardId = Guid.CreateVersion7(tx.Now);
        var number = await ChooseNumberAsync(message, cardId, tx, ct);
        var card = new Card
        {
            CardId = cardId,
            ElderId = message.ElderId,
            CardNumber = number,
            Status = CardStatuses.PendingConsent,
            Eligible = true,
            Category = message.Category,
            HomeCounty = message.HomeCounty,
            VillageCode = message.VillageCode,
            MaskedName = message.MaskedName,
            // Every card carries the elder-card module; preferential care and bus are set by a bureau.
            Modules = [CardModules.Elder],
            Version = 1,
            ProvisionedAt = tx.Now,
            UpdatedAt = tx.Now,
        };

        const string sql = $"""
            INSERT INTO cards ({CardStore.Columns})
            VALUES (@CardId, @ElderId, @CardNumber, @Status, @StatusReason, @SuspendedFrom, @Eligible, @Category,
                    @HomeCounty, @VillageCode, @MaskedName, @Modules, @FaceIdHash, @Version, @ProvisionedAt, @UpdatedAt)
            """;
        await tx.Connection.ExecuteAsync(new CommandDefinition(sql, card, tx.Transaction, cancellationToken: ct));
        var reason = "classified:" + message.RulesVersion;
        var change = new CardChange("provisioned", null, c =>
            c.Describe(Blank.Provisioned, Provisioning, reason, tx.Now)
        );
        await CardStore.InsertHistoryAsync(tx, card, change, Provisioning, ct);
        await Outbox.AddAsync(tx.Connection, tx.Transaction, change.Event(card), ct);
        logger.LogInformation("Card {CardId} provisioned for elder {ElderId}", card.CardId, card.ElderId);
    }

    /// <summary>The roster's social-security card number when it has a usable one, else a generated number.</summary>
    private async Task<string> ChooseNumberAsync(
        ElderClassified message,
        Guid cardId,
        CardTransaction tx,
        CancellationToken ct
    )
    {
        if (message.SocialSecurityCardNumber is { } ssc)
        {
            var number = ssc.Trim().ToUpperInvariant();
            if (
                CardNumbers.IsWellFormed(number)
                && await CardStore.TryClaimNumberAsync(tx, cardId, number, "social_security", ct)
            )
            {
                return number;
            }

            // Never log the number itself: it identifies the elder.
            logger.LogWarning(
                "Elder {ElderId}: the roster's social-security card number is malformed or already used; a generated "
                    + "number is issued",
                message.ElderId
            );
        }

        return await CardStore.ClaimGeneratedNumberAsync(tx, cardId, ct);
    }
}
