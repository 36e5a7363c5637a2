using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.PersonalData;
using LoveCard.Settlement.Core.Ledger;
using LoveCard.Settlement.Core.ReadModels;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Step 2 of a purchase and of an inquiry: the protocol's decline checks in its order
/// (TERMINAL-PROTOCOL.md "Decline codes"); the first that applies wins. One round trip reads what they
/// need (<see cref="PurchaseContext"/>): the credential's card, elder and whether the item is known, the provider,
/// item, price ceiling, county settings, policy, order, and for a purchase the elder's locked cap row and the hold
/// rules' context. A QR code's card is read first, in a round trip of its own. With a transaction (a purchase) a
/// QR code is used up and the order and cap rows are locked; without (an inquiry) nothing is written or locked.
/// </summary>
public sealed class PurchaseEvaluation(QrCodes qrCodes, PersonalDataProtector personalData)
{
    private static readonly string QrCardSql = PurchaseContext.CredentialStatements("c.card_id = @cardId");

    internal async Task<Evaluation> EvaluateAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        TerminalIdentity terminal,
        Credential credential,
        string? item,
        int quantity,
        Guid? orderId,
        DateTimeOffset now,
        Guid? purchaseId,
        CancellationToken ct
    )
    {
        var evaluation = new Evaluation { ProviderCounty = terminal.County };

        // 1. The credential. A QR code's signature is checked before its card (an unverified code
        // names no card); the use-up is recorded for every purchase that verified, approved or declined.
        QrPayload? qr = null;
        if (credential.Type == "qr")
        {
            var verified = await qrCodes.VerifyAsync(credential.Value, ct);
            if (verified.Payload is null)
            {
                await CheckItemKnownAsync(connection, transaction, item, ct);
                return evaluation.Decline(DeclineCodes.QrInvalid);
            }

            qr = verified.Payload;
        }

        // A card or face names its card in the context's round trip; a QR code's card is found first.
        PurchaseContext? context = null;
        CardRow? card;
        bool replaced;
        if (qr is null)
        {
            var value = credential.Type == "face" ? personalData.Hash(credential.Value) : credential.Value;
            context = await PurchaseContext.LoadAsync(
                connection,
                transaction,
                terminal,
                CardLookup.ByCredential(credential.Type, value),
                item,
                orderId,
                now,
                lockCaps: transaction is not null && purchaseId is not null,
                ct
            );
            if (!context.ItemKnown)
            {
                throw new BadInputException("item", "unknown_item", $"'{item}' is not a service item.");
            }

            (card, replaced) = (context.Card, context.CardReplaced);
        }
        else
        {
            (card, replaced) = await FindCardAsync(connection, transaction, qr, item, ct);
        }

        if (card is null)
        {
            return evaluation.Decline(
                credential.Type switch
                {
                    "card" => replaced ? DeclineCodes.CardReplaced : DeclineCodes.CardUnknown,
                    "face" => DeclineCodes.FaceUnknown,
                    _ => DeclineCodes.CardUnknown,
                }
            );
        }

        evaluation.Card = card;
        evaluation.HomeCounty = card.HomeCounty ?? card.CardHomeCounty;
        if (card.Status == CardStatuses.Revoked)
        {
            return evaluation.Decline(DeclineCodes.CardRevoked);
        }

        if (qr is not null)
        {
            if (DateTimeOffset.FromUnixTimeSeconds(qr.Exp) < now)
            {
                await UseUpQrAsync(connection, transaction, qr, card.CardId, purchaseId, now, ct);
                return evaluation.Decline(DeclineCodes.QrExpired);
            }

            if (!await UseUpQrAsync(connection, transaction, qr, card.CardId, purchaseId, now, ct))
            {
                return evaluation.Decline(DeclineCodes.QrReplayed);
            }
        }

        // 2. The elder and the card.
        if (card.Eligible != true || card.Category is null)
        {
            return evaluation.Decline(DeclineCodes.NotEligible);
        }

        if (card.Status == CardStatuses.PendingConsent)
        {
            return evaluation.Decline(DeclineCodes.CardPendingConsent);
        }

        if (card.Status != CardStatuses.Active)
        {
            return evaluation.Decline(DeclineCodes.CardSuspended);
        }

        // 3.–4. Provider, item, place and order, from the same round trip (a QR code's: one more).
        var lockCaps = transaction is not null && purchaseId is not null;
        context ??= await PurchaseContext.LoadAsync(
            connection,
            transaction,
            terminal,
            CardLookup.Of(card),
            item,
            orderId,
            now,
            lockCaps,
            ct
        );
        if (lockCaps && context.CapUsed is null)
        {
            // The card changed between the round trip's statements: lock its elder's row on its own.
            context = context with
            {
                CapUsed = await PurchaseContext.LockCapsAsync(connection, transaction!, card.ElderId, now, ct),
            };
        }

        evaluation.CapUsed = context.CapUsed;
        evaluation.Hold = context.Hold;
        return CheckContext(evaluation, context, terminal, card, item, quantity, orderId, now);
    }

    /// <summary>The provider, item, price, place and order checks, over what <see cref="PurchaseContext"/>
    /// read.</summary>
    private static Evaluation CheckContext(
        Evaluation evaluation,
        PurchaseContext context,
        TerminalIdentity terminal,
        CardRow card,
        string? item,
        int quantity,
        Guid? orderId,
        DateTimeOffset now
    )
    {
        var provider = context.Provider;
        evaluation.ProviderCounty = provider?.County ?? terminal.County;
        var categories = PolicyDefaults.Parse(context.Policy?.Categories);
        evaluation.PolicyVersion = context.Policy?.PolicyVersion ?? 0;
        (evaluation.Shares, evaluation.Caps) = PolicyDefaults.Resolve(categories, card.Category!.Value, item);
        var homeCounty = evaluation.HomeCounty!;
        evaluation.FundAccounts =
        [
            Accounts.Fund(homeCounty, FundSources.Fiscal, null),
            Accounts.Fund(homeCounty, FundSources.Collective, card.VillageCode ?? "none"),
            Accounts.Fund(homeCounty, FundSources.Charity, null),
        ];

        if (provider is null || provider.Status is ProviderStatuses.Applied or ProviderStatuses.Exited)
        {
            return evaluation.Decline(DeclineCodes.ProviderNotWhitelisted);
        }

        if (provider.Status != ProviderStatuses.Whitelisted)
        {
            return evaluation.Decline(DeclineCodes.ProviderSuspended);
        }

        if (item is null)
        {
            return evaluation; // an inquiry without an item: identification and caps only
        }

        var providerItem = context.ProviderItem;
        if (providerItem is null || providerItem.EffectiveFrom > Shanghai.Today(now))
        {
            return evaluation.Decline(DeclineCodes.ItemNotAllowed);
        }

        evaluation.HomeService = HomeServices.Resolve(item, context.HomeServiceMarked, null).HomeService;
        evaluation.ListPriceFen = providerItem.UnitPriceFen * quantity;
        evaluation.PriceFen = MoneyRules.DiscountedPrice(
            evaluation.ListPriceFen.Value,
            Math.Clamp(providerItem.DiscountPercent, 0, 100)
        );
        if (context.CeilingFen is { } ceilingFen && providerItem.UnitPriceFen > ceilingFen)
        {
            return evaluation.Decline(DeclineCodes.PriceAboveStandard);
        }

        // 4. The place: a card of another county buys here only when both counties are in the
        // one-card network (DOMAIN.md §4); a county with no published settings uses the default.
        if (
            homeCounty != evaluation.ProviderCounty
            && (!context.InOneCardNetwork(homeCounty) || !context.InOneCardNetwork(evaluation.ProviderCounty))
        )
        {
            return evaluation.Decline(DeclineCodes.CountyNotInNetwork);
        }

        var order = context.Order;
        if (
            orderId is not null
            && (
                order is null
                || order.Status != "pending"
                || order.ProviderId != terminal.ProviderId
                || order.ElderId != card.ElderId
                || order.Item != item
                || order.Quantity != quantity
                || Shanghai.FromUtc(order.ExpiresAt) <= now
            )
        )
        {
            return evaluation.Decline(DeclineCodes.OrderInvalid);
        }

        return evaluation;
    }

    /// <summary>
    /// A verified QR code's round trip: the card it names (with its elder), and whether the item is one anybody
    /// sells (else 400 <c>unknown_item</c>).
    /// </summary>
    private static async Task<(CardRow? Card, bool Replaced)> FindCardAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        QrPayload qr,
        string? item,
        CancellationToken ct
    )
    {
        CardRow? card;
        bool replaced,
            itemKnown;
        await using (
            var results = await connection.QueryMultipleAsync(
                new CommandDefinition(
                    QrCardSql,
                    PurchaseContext.CredentialParameters(
                        null,
                        Guid.TryParse(qr.Card, out var qrCard) ? qrCard : Guid.Empty,
                        false,
                        item
                    ),
                    transaction,
                    cancellationToken: ct
                )
            )
        )
        {
            card = await results.ReadSingleOrDefaultAsync<CardRow>();
            replaced = await results.ReadSingleAsync<bool>();
            itemKnown = await results.ReadSingleAsync<bool>();
        }

        if (!itemKnown)
        {
            throw new BadInputException("item", "unknown_item", $"'{item}' is not a service item.");
        }

        return (card, replaced);
    }

    /// <summary>An unverified QR code still answers 400 for an item nobody sells, as the credential's round trip
    /// would.</summary>
    private static async Task CheckItemKnownAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string? item,
        CancellationToken ct
    )
    {
        if (item is null || ServiceItems.Standard.Contains(item))
        {
            return;
        }

        var known = await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition(
                """
                SELECT EXISTS (SELECT 1 FROM rm_provider_items WHERE item_code = @item)
                    OR EXISTS (SELECT 1 FROM rm_price_standards WHERE item_code = @item)
                """,
                new { item },
                transaction,
                cancellationToken: ct
            )
        );
        if (!known)
        {
            throw new BadInputException("item", "unknown_item", $"'{item}' is not a service item.");
        }
    }

    /// <summary>Records the code's use; false when (kid, card, nonce) was used before. An inquiry only
    /// checks.</summary>
    private static async Task<bool> UseUpQrAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        QrPayload qr,
        Guid cardId,
        Guid? purchaseId,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        if (transaction is null || purchaseId is null)
        {
            return !await connection.ExecuteScalarAsync<bool>(
                new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM qr_uses WHERE kid = @Kid AND card_id = @cardId AND nonce = @Nonce)",
                    new
                    {
                        qr.Kid,
                        cardId,
                        qr.Nonce,
                    },
                    cancellationToken: ct
                )
            );
        }

        // A concurrent use of the same code waits here for the first transaction, then finds the row.
        var inserted = await connection.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO qr_uses (kid, card_id, nonce, purchase_id, used_at) VALUES (@Kid, @cardId, @Nonce,
                    @purchaseId, @now)
                ON CONFLICT DO NOTHING
                """,
                new
                {
                    qr.Kid,
                    cardId,
                    qr.Nonce,
                    purchaseId,
                    now = now.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );
        return inserted == 1;
    }
}
