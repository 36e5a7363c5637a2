using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Settlement;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Core.Ledger;
using LoveCard.Settlement.Core.Orders;
using LoveCard.Settlement.Core.ReadModels;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Authorises and books terminal purchases (TERMINAL-PROTOCOL.md "Endpoints", DOMAIN.md §3 and §5)
/// inside the caller's transaction (the gateway's, so the idempotent answer commits with the
/// writes). Reads only settlement's own read models. Approved and declined purchases are both
/// recorded; an approved one writes the purchase, its postings, the cap usage, the fund balances
/// and the outbox <see cref="PurchaseSettled"/> in that one transaction.
/// </summary>
/// <remarks>
/// Lock order, the same everywhere so purchases, reversals and top-ups cannot deadlock: the order
/// row, then the elder's cap row of the month, then fund shards fiscal → collective → charity.
/// </remarks>
public sealed partial class Purchasing(TimeProvider time, QrCodes qrCodes, PersonalDataProtector personalData)
{
    public static readonly TimeSpan MaxLag = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxLead = TimeSpan.FromSeconds(300);

    /// <summary>Authorises and records one purchase in <paramref name="transaction"/>; never commits.</summary>
    public async Task<PurchaseAnswer> PurchaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TerminalIdentity terminal, PurchaseRequest request, string? idempotencyKey, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var input = Validate(request, now);
        var purchaseId = Guid.CreateVersion7(now);
        var evaluation = await EvaluateAsync(connection, transaction, terminal, input.Credential, input.Item, input.Quantity, request.OrderId, now, purchaseId, ct);

        var record = new PurchaseRecord(purchaseId, ReceiptNo(now), terminal, idempotencyKey, input, request, evaluation, now);
        if (evaluation.DeclineCode is not null)
        {
            await InsertDeclinedAsync(connection, transaction, record, evaluation.DeclineCode, ct);
            return record.Answer(evaluation.DeclineCode, null, null);
        }

        var card = evaluation.Card!;
        var capMonth = Shanghai.MonthStart(now);
        // The elder's cap row of the booking month was locked in EvaluateAsync's last round trip.
        var used = evaluation.CapUsed ?? throw new InvalidOperationException("A purchase that passed evaluation has its cap row locked.");
        var usedAmounts = new SubsidyAmounts(used.FiscalUsedFen, used.CollectiveUsedFen, used.CharityUsedFen);

        // 6. Supervision (DOMAIN.md §6): the back office's hold rules, read under the elder's lock so
        // two meals bought at once are counted one after the other. Checked last, after the family
        // limit, which needs the draws; without a limit the draws are skipped.
        var hold = await HoldAsync(connection, transaction, terminal, card, input.Item, input.Quantity, request.Location, now, ct);
        if (hold is not null && request.MaxFamilyFen is null)
        {
            await InsertDeclinedAsync(connection, transaction, record, DeclineCodes.HeldForReview, ct);
            return record.Answer(DeclineCodes.HeldForReview, null, null);
        }

        var capLeft = SubsidyAmounts.Remaining(evaluation.Caps, usedAmounts);
        var wanted = MoneyRules.Split(evaluation.PriceFen, evaluation.Shares, capLeft, new SubsidyAmounts(long.MaxValue, long.MaxValue, long.MaxValue));

        // Draw what the waterfall wants from each fund, each limited by what the fund holds.
        var accounts = evaluation.FundAccounts;
        var shard = Accounts.PickShard();
        var payable = Accounts.Payable(terminal.ProviderId);

        // The usual case in one round trip: every fund holds what is wanted, no hold, within the
        // family limit. The draws and the booking go together behind a savepoint; should a fund
        // give less than wanted, the savepoint undoes both and the general path below runs
        // (BENCHMARKS.md hot spots: "a single round trip per purchase").
        var expected = MoneyRules.Split(evaluation.PriceFen, evaluation.Shares, capLeft, new SubsidyAmounts(wanted.FiscalFen, wanted.CollectiveFen, wanted.CharityFen));
        if (hold is null && expected == wanted && (request.MaxFamilyFen is not { } limit || expected.FamilyFen <= limit))
        {
            var expectedRemaining = SubsidyAmounts.Remaining(evaluation.Caps, new SubsidyAmounts(
                usedAmounts.FiscalFen + expected.FiscalFen, usedAmounts.CollectiveFen + expected.CollectiveFen, usedAmounts.CharityFen + expected.CharityFen));
            await using var together = new NpgsqlBatch(connection, transaction);
            together.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT purchase_draws"));
            together.BatchCommands.Add(Command("SELECT fund_draw($1, $2, $3)", accounts[0], shard, expected.FiscalFen));
            together.BatchCommands.Add(Command("SELECT fund_draw($1, $2, $3)", accounts[1], shard, expected.CollectiveFen));
            together.BatchCommands.Add(Command("SELECT fund_draw($1, $2, $3)", accounts[2], shard, expected.CharityFen));
            AddBooking(together, record, evaluation, card, capMonth, payable, expected, expectedRemaining);
            var drawnTogether = new long[3];
            await using (var reader = await together.ExecuteReaderAsync(ct))
            {
                for (var i = 0; i < 3; i++)
                {
                    if (i > 0)
                    {
                        await reader.NextResultAsync(ct);
                    }

                    await reader.ReadAsync(ct);
                    drawnTogether[i] = reader.GetInt64(0);
                }

                // Read to the end, so an error of a booking statement surfaces here.
                while (await reader.NextResultAsync(ct))
                {
                }
            }

            if (drawnTogether[0] == expected.FiscalFen && drawnTogether[1] == expected.CollectiveFen && drawnTogether[2] == expected.CharityFen)
            {
                return record.Answer(null, expected, expectedRemaining);
            }

            await using var undo = new NpgsqlBatch(connection, transaction);
            undo.BatchCommands.Add(new NpgsqlBatchCommand("ROLLBACK TO SAVEPOINT purchase_draws"));
            await undo.ExecuteNonQueryAsync(ct);
        }

        // The general path: draw, then decide with what the funds gave.
        const string draw = """
            SELECT fund_draw(@fiscalAccount, @shard, @fiscal);
            SELECT fund_draw(@collectiveAccount, @shard, @collective);
            SELECT fund_draw(@charityAccount, @shard, @charity);
            """;
        SubsidyAmounts drawn;
        await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(draw, new
        {
            fiscalAccount = accounts[0], collectiveAccount = accounts[1], charityAccount = accounts[2], shard,
            fiscal = wanted.FiscalFen, collective = wanted.CollectiveFen, charity = wanted.CharityFen,
        }, transaction, cancellationToken: ct)))
        {
            drawn = new SubsidyAmounts(await results.ReadSingleAsync<long>(), await results.ReadSingleAsync<long>(), await results.ReadSingleAsync<long>());
        }

        var split = MoneyRules.Split(evaluation.PriceFen, evaluation.Shares, capLeft, drawn);
        if (request.MaxFamilyFen is { } maxFamily && split.FamilyFen > maxFamily)
        {
            await CreditFundsAsync(connection, transaction, accounts, shard, new SourceAmounts(drawn.FiscalFen, drawn.CollectiveFen, drawn.CharityFen, 0), ct);
            await InsertDeclinedAsync(connection, transaction, record, DeclineCodes.FamilyShareExceedsLimit, ct);
            return record.Answer(DeclineCodes.FamilyShareExceedsLimit, null, null);
        }

        if (hold is not null)
        {
            await CreditFundsAsync(connection, transaction, accounts, shard, new SourceAmounts(drawn.FiscalFen, drawn.CollectiveFen, drawn.CharityFen, 0), ct);
            await InsertDeclinedAsync(connection, transaction, record, DeclineCodes.HeldForReview, ct);
            return record.Answer(DeclineCodes.HeldForReview, null, null);
        }

        // The split can only be below what was drawn if shares add up to over 100; give the excess back.
        var excess = new SourceAmounts(drawn.FiscalFen - split.FiscalFen, drawn.CollectiveFen - split.CollectiveFen, drawn.CharityFen - split.CharityFen, 0);
        if (excess.SubsidyFen > 0)
        {
            await CreditFundsAsync(connection, transaction, accounts, shard, excess, ct);
        }

        var remaining = SubsidyAmounts.Remaining(evaluation.Caps, new SubsidyAmounts(
            usedAmounts.FiscalFen + split.FiscalFen, usedAmounts.CollectiveFen + split.CollectiveFen, usedAmounts.CharityFen + split.CharityFen));

        // One round trip books it all: cap usage, the purchase, its postings, the order and the outbox row.
        await using var batch = new NpgsqlBatch(connection, transaction);
        AddBooking(batch, record, evaluation, card, capMonth, payable, split, remaining);
        await batch.ExecuteNonQueryAsync(ct);

        return record.Answer(null, split, remaining);
    }

    /// <summary>
    /// The booking of an approved purchase, added to <paramref name="batch"/>: cap usage, the purchase,
    /// the payable account, its postings, the order and the outbox <see cref="PurchaseSettled"/>.
    /// </summary>
    private static void AddBooking(NpgsqlBatch batch, PurchaseRecord record, Evaluation evaluation, CardRow card, DateOnly capMonth, string payable,
        SourceAmounts split, SubsidyAmounts remaining)
    {
        var now = record.BookedAt;
        var bookedAt = now.UtcDateTime;
        var purchaseId = record.PurchaseId;
        var terminal = record.Terminal;
        var idempotencyKey = record.IdempotencyKey;
        var input = record.Input;
        var request = record.Request;
        var accounts = evaluation.FundAccounts;
        batch.BatchCommands.Add(Command("""
            UPDATE cap_usage SET fiscal_used_fen = fiscal_used_fen + $3, collective_used_fen = collective_used_fen + $4,
                charity_used_fen = charity_used_fen + $5
             WHERE elder_id = $1 AND month = $2
            """, card.ElderId, capMonth, split.FiscalFen, split.CollectiveFen, split.CharityFen));
        batch.BatchCommands.Add(Command("""
            INSERT INTO purchases (purchase_id, receipt_no, terminal_id, provider_id, provider_county, idempotency_key, status,
                credential_type, card_id, elder_id, masked_name, category, home_county, village_code, item, quantity,
                list_price_fen, price_fen, fiscal_fen, collective_fen, charity_fen, family_fen,
                remaining_fiscal_fen, remaining_collective_fen, remaining_charity_fen, policy_version, cap_month,
                order_id, care_worker_id, location_lat, location_lon, occurred_at, booked_at, booked_day)
            VALUES ($1, $2, $3, $4, $5, $6, 'approved', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33)
            """,
            purchaseId, record.ReceiptNo, terminal.TerminalId, terminal.ProviderId, evaluation.ProviderCounty, idempotencyKey,
            input.Credential.Type, card.CardId, card.ElderId, card.MaskedName, card.Category, evaluation.HomeCounty, card.VillageCode,
            input.Item, input.Quantity, evaluation.ListPriceFen, evaluation.PriceFen,
            split.FiscalFen, split.CollectiveFen, split.CharityFen, split.FamilyFen,
            remaining.FiscalFen, remaining.CollectiveFen, remaining.CharityFen, evaluation.PolicyVersion, capMonth,
            request.OrderId, request.CareWorkerId, request.Location?.Lat, request.Location?.Lon,
            input.OccurredAt.UtcDateTime, bookedAt, Shanghai.Today(now)));
        batch.BatchCommands.Add(Command("""
            INSERT INTO accounts (account_id, kind, county, provider_id) VALUES ($1, 'payable', $2, $3) ON CONFLICT (account_id) DO NOTHING
            """, payable, evaluation.ProviderCounty, terminal.ProviderId));
        batch.BatchCommands.Add(Command("""
            INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
            SELECT $1, p.account_id, p.amount_fen, 'purchase', $1, $2
              FROM unnest($3::text[], $4::bigint[]) AS p (account_id, amount_fen)
             WHERE p.amount_fen <> 0
            """, purchaseId, bookedAt,
            new[] { accounts[0], accounts[1], accounts[2], payable },
            new[] { -split.FiscalFen, -split.CollectiveFen, -split.CharityFen, split.SubsidyFen }));
        if (request.OrderId is { } orderId)
        {
            batch.BatchCommands.Add(Command("""
                UPDATE orders SET status = 'fulfilled', purchase_id = $2, closed_at = $3 WHERE order_id = $1 AND status = 'pending'
                """, orderId, purchaseId, bookedAt));
        }

        batch.BatchCommands.Add(Outbox.CreateBatchCommand(new PurchaseSettled
        {
            AggregateId = purchaseId.ToString(),
            AggregateVersion = 1,
            Actor = new Actor(ActorKinds.Terminal, terminal.TerminalId),
            Reason = request.OrderId is null ? "purchase" : "order fulfilled",
            OccurredAt = now,
            PurchaseId = purchaseId,
            ReceiptNo = record.ReceiptNo,
            TerminalId = terminal.TerminalId,
            ProviderId = terminal.ProviderId,
            ProviderCounty = evaluation.ProviderCounty,
            ElderId = card.ElderId,
            HomeCounty = evaluation.HomeCounty!,
            CardId = card.CardId,
            Item = input.Item,
            Quantity = input.Quantity,
            ListPriceFen = evaluation.ListPriceFen!.Value,
            PriceFen = evaluation.PriceFen,
            FiscalFen = split.FiscalFen,
            CollectiveFen = split.CollectiveFen,
            CharityFen = split.CharityFen,
            FamilyFen = split.FamilyFen,
            BookedAt = now,
        }));
    }

    /// <summary>What a purchase would get now: identifies the elder, caps left, split or decline; writes nothing.</summary>
    public async Task<InquiryAnswer> InquireAsync(NpgsqlConnection connection, TerminalIdentity terminal, InquiryRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var credential = ValidateCredential(request.Credential);
        var item = request.Item;
        var quantity = request.Quantity ?? 1;
        if (item is not null)
        {
            ValidateItemShape(item);
        }

        if (quantity is < 1 or > 99)
        {
            throw new BadInputException("quantity", "quantity_out_of_range", "quantity must be between 1 and 99.");
        }

        var evaluation = await EvaluateAsync(connection, null, terminal, credential, item, quantity, null, now, null, ct);
        var elder = evaluation.ElderView;
        if (evaluation.DeclineCode is not null || evaluation.Card is null)
        {
            return new InquiryAnswer(PurchaseStatuses.Declined, evaluation.DeclineCode, elder, null, item, item is null ? null : quantity, evaluation.ListPriceFen, null, null);
        }

        const string sql = """
            SELECT fiscal_used_fen, collective_used_fen, charity_used_fen FROM cap_usage WHERE elder_id = @elderId AND month = @month;
            SELECT coalesce(sum(balance_fen) FILTER (WHERE account_id = @fiscal), 0),
                   coalesce(sum(balance_fen) FILTER (WHERE account_id = @collective), 0),
                   coalesce(sum(balance_fen) FILTER (WHERE account_id = @charity), 0)
              FROM fund_shards WHERE account_id IN (@fiscal, @collective, @charity);
            """;
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            elderId = evaluation.Card.ElderId,
            month = Shanghai.MonthStart(now),
            fiscal = evaluation.FundAccounts[0],
            collective = evaluation.FundAccounts[1],
            charity = evaluation.FundAccounts[2],
        }, cancellationToken: ct));
        var used = await results.ReadSingleOrDefaultAsync<CapUsageRow>() ?? new CapUsageRow();
        var balances = await results.ReadSingleAsync<(long, long, long)>();
        var capLeft = SubsidyAmounts.Remaining(evaluation.Caps, new SubsidyAmounts(used.FiscalUsedFen, used.CollectiveUsedFen, used.CharityUsedFen));
        var caps = new CapsView(capLeft.FiscalFen, capLeft.CollectiveFen, capLeft.CharityFen);
        if (item is null)
        {
            return new InquiryAnswer(PurchaseStatuses.Approved, null, elder, caps, null, null, null, null, null);
        }

        var split = MoneyRules.Split(evaluation.PriceFen, evaluation.Shares, capLeft, new SubsidyAmounts(balances.Item1, balances.Item2, balances.Item3));
        if (await HoldAsync(connection, null, terminal, evaluation.Card, item, quantity, null, now, ct) is not null)
        {
            return new InquiryAnswer(PurchaseStatuses.Declined, DeclineCodes.HeldForReview, elder, caps, item, quantity, evaluation.ListPriceFen, null, null);
        }

        return new InquiryAnswer(PurchaseStatuses.Approved, null, elder, caps, item, quantity, evaluation.ListPriceFen, evaluation.PriceFen,
            new SplitView(split.FiscalFen, split.CollectiveFen, split.CharityFen, split.FamilyFen));
    }

    /// <summary>
    /// The checks of the protocol, in its order (TERMINAL-PROTOCOL.md "Decline codes"); the first that
    /// applies wins. With a <paramref name="transaction"/> (a purchase) a QR code is used up and the
    /// order row is locked; without (an inquiry) nothing is written or locked.
    /// </summary>
    private async Task<Evaluation> EvaluateAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, TerminalIdentity terminal, Credential credential,
        string? item, int quantity, Guid? orderId, DateTimeOffset now, Guid? purchaseId, CancellationToken ct)
    {
        var evaluation = new Evaluation { ProviderCounty = terminal.County };
        var day = Shanghai.Today(now);

        // 1. The credential. A QR code's signature is checked before its card (an unverified code
        // names no card); the use-up is recorded for every purchase that verified, approved or declined.
        QrPayload? qr = null;
        string? lookupValue = credential.Value;
        if (credential.Type == "qr")
        {
            var verified = await qrCodes.VerifyAsync(credential.Value, ct);
            if (verified.Payload is null)
            {
                await CheckItemKnownAsync(connection, transaction, item, terminal, ct);
                return evaluation.Decline(DeclineCodes.QrInvalid);
            }

            qr = verified.Payload;
        }
        else if (credential.Type == "face")
        {
            lookupValue = personalData.Hash(credential.Value);
        }

        var cardSql = credential.Type switch
        {
            "card" => "c.card_number = @value",
            "face" => "c.face_hash = @value",
            _ => "c.card_id = @cardId",
        };
        var sql = $"""
            SELECT c.card_id, c.elder_id, c.home_county AS card_home_county, c.status, e.home_county, e.village_code,
                   e.masked_name, e.category, e.eligible
              FROM rm_cards c LEFT JOIN rm_elders e ON e.elder_id = c.elder_id
             WHERE {cardSql};
            SELECT EXISTS (SELECT 1 FROM rm_card_replaced_numbers WHERE card_number = @value AND @isCard);
            SELECT @item IS NULL OR @item = ANY(@standardItems)
                OR EXISTS (SELECT 1 FROM rm_provider_items WHERE item_code = @item)
                OR EXISTS (SELECT 1 FROM rm_price_standards WHERE item_code = @item);
            """;
        CardRow? card;
        bool replaced, itemKnown;
        await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new
        {
            value = lookupValue,
            cardId = qr is null ? Guid.Empty : (Guid.TryParse(qr.Card, out var qrCard) ? qrCard : Guid.Empty),
            isCard = credential.Type == "card",
            item,
            standardItems = ServiceItems.Standard.ToArray(),
        }, transaction, cancellationToken: ct)))
        {
            card = await results.ReadSingleOrDefaultAsync<CardRow>();
            replaced = await results.ReadSingleAsync<bool>();
            itemKnown = await results.ReadSingleAsync<bool>();
        }

        if (!itemKnown)
        {
            throw new BadInputException("item", "unknown_item", $"'{item}' is not a service item.");
        }

        if (card is null)
        {
            return evaluation.Decline(credential.Type switch
            {
                "card" => replaced ? DeclineCodes.CardReplaced : DeclineCodes.CardUnknown,
                "face" => DeclineCodes.FaceUnknown,
                _ => DeclineCodes.CardUnknown,
            });
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

        // 3.–4. Provider, item, place and order, from one round trip.
        const string contextSql = """
            SELECT provider_id, county, status FROM rm_providers WHERE provider_id = @providerId;
            SELECT item_code, name, unit, unit_price_fen, discount_percent, effective_from
              FROM rm_provider_items WHERE provider_id = @providerId AND item_code = @item;
            SELECT s.ceiling_fen FROM rm_price_standards s
             WHERE s.county = @providerCounty AND s.item_code = @item
               AND s.standard_version = (SELECT v.standard_version FROM rm_price_standards v
                                          WHERE v.county = @providerCounty AND v.effective_from <= @day
                                          ORDER BY v.effective_from DESC, v.standard_version DESC LIMIT 1);
            SELECT county, one_card_network, low_fund_alert_days FROM rm_county_settings WHERE county IN (@providerCounty, @homeCounty);
            SELECT policy_version, categories::text AS categories FROM rm_subsidy_policies
             WHERE county = @homeCounty AND effective_from <= @day
             ORDER BY effective_from DESC, policy_version DESC LIMIT 1;
            """;
        var orderSql = orderId is null ? "" : transaction is null
            ? "SELECT * FROM orders WHERE order_id = @orderId;"
            : "SELECT * FROM orders WHERE order_id = @orderId FOR UPDATE;";

        // A purchase locks the elder's cap row of the booking month in the same round trip, after
        // the order row (the lock order of the class remarks): one elder's purchases at two
        // terminals queue here, so no cap is ever overspent (DOMAIN.md §3, BENCHMARKS.md hot
        // spots). A purchase declined below has taken the lock for nothing and may leave an empty
        // row of the month; both are harmless, and the usual purchase saves a round trip.
        var lockCaps = transaction is null || purchaseId is null ? "" : """
            INSERT INTO cap_usage (elder_id, month) VALUES (@elderId, @capMonth)
            ON CONFLICT (elder_id, month) DO UPDATE SET elder_id = excluded.elder_id
            RETURNING fiscal_used_fen, collective_used_fen, charity_used_fen;
            """;
        ProviderRow? provider;
        ProviderItemRow? providerItem;
        long? ceiling;
        List<SettingsRow> settings;
        PolicyRow? policy;
        OrderRow? order = null;
        await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(contextSql + orderSql + lockCaps, new
        {
            terminal.ProviderId,
            item,
            providerCounty = terminal.County,
            homeCounty = evaluation.HomeCounty,
            day,
            orderId,
            elderId = card.ElderId,
            capMonth = Shanghai.MonthStart(now),
        }, transaction, cancellationToken: ct)))
        {
            provider = await results.ReadSingleOrDefaultAsync<ProviderRow>();
            providerItem = await results.ReadSingleOrDefaultAsync<ProviderItemRow>();
            ceiling = await results.ReadSingleOrDefaultAsync<long?>();
            settings = (await results.ReadAsync<SettingsRow>()).AsList();
            policy = await results.ReadSingleOrDefaultAsync<PolicyRow>();
            if (orderId is not null)
            {
                order = await results.ReadSingleOrDefaultAsync<OrderRow>();
            }

            if (lockCaps.Length > 0)
            {
                evaluation.CapUsed = await results.ReadSingleAsync<CapUsageRow>();
            }
        }

        evaluation.ProviderCounty = provider?.County ?? terminal.County;
        var categories = PolicyDefaults.Parse(policy?.Categories);
        evaluation.PolicyVersion = policy?.PolicyVersion ?? 0;
        (evaluation.Shares, evaluation.Caps) = PolicyDefaults.Resolve(categories, card.Category.Value, item);
        evaluation.FundAccounts =
        [
            Accounts.Fund(evaluation.HomeCounty, FundSources.Fiscal, null),
            Accounts.Fund(evaluation.HomeCounty, FundSources.Collective, card.VillageCode ?? "none"),
            Accounts.Fund(evaluation.HomeCounty, FundSources.Charity, null),
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

        if (providerItem is null || providerItem.EffectiveFrom > day)
        {
            return evaluation.Decline(DeclineCodes.ItemNotAllowed);
        }

        evaluation.ListPriceFen = providerItem.UnitPriceFen * quantity;
        evaluation.PriceFen = MoneyRules.DiscountedPrice(evaluation.ListPriceFen.Value, Math.Clamp(providerItem.DiscountPercent, 0, 100));
        if (ceiling is { } ceilingFen && providerItem.UnitPriceFen > ceilingFen)
        {
            return evaluation.Decline(DeclineCodes.PriceAboveStandard);
        }

        // 4. The place: a card of another county buys here only when both counties are in the
        // one-card network (DOMAIN.md §4); a county with no published settings uses the default.
        if (evaluation.HomeCounty != evaluation.ProviderCounty)
        {
            bool InNetwork(string county) => settings.FirstOrDefault(s => s.County == county)?.OneCardNetwork ?? PolicyDefaults.OneCardNetwork;
            if (!InNetwork(evaluation.HomeCounty) || !InNetwork(evaluation.ProviderCounty))
            {
                return evaluation.Decline(DeclineCodes.CountyNotInNetwork);
            }
        }

        if (orderId is not null && (order is null || order.Status != "pending" || order.ProviderId != terminal.ProviderId
            || order.ElderId != card.ElderId || order.Item != item || order.Quantity != quantity
            || new DateTimeOffset(DateTime.SpecifyKind(order.ExpiresAt, DateTimeKind.Utc)) <= now))
        {
            return evaluation.Decline(DeclineCodes.OrderInvalid);
        }

        return evaluation;
    }

    /// <summary>The rule that holds the purchase for review (<c>held_for_review</c>), or null.</summary>
    private static async Task<string?> HoldAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, TerminalIdentity terminal, CardRow card,
        string item, int quantity, LocationBody? location, DateTimeOffset now, CancellationToken ct)
    {
        var place = location is { Lat: { } lat, Lon: { } lon } ? new GeoPoint(lat, lon) : (GeoPoint?)null;
        var context = await HoldContextQuery.LoadAsync(connection, transaction, card.CardId, terminal.ProviderId, terminal.County, terminal.TerminalId,
            item, quantity, place, now, ct);
        return TerminalHoldRules.ShouldHold(context);
    }

    private static async Task CheckItemKnownAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string? item, TerminalIdentity terminal, CancellationToken ct)
    {
        if (item is null || ServiceItems.Standard.Contains(item))
        {
            return;
        }

        var known = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM rm_provider_items WHERE item_code = @item)
                OR EXISTS (SELECT 1 FROM rm_price_standards WHERE item_code = @item)
            """, new { item }, transaction, cancellationToken: ct));
        if (!known)
        {
            throw new BadInputException("item", "unknown_item", $"'{item}' is not a service item.");
        }
    }

    /// <summary>Records the code's use; false when (kid, card, nonce) was used before. An inquiry only checks.</summary>
    private static async Task<bool> UseUpQrAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, QrPayload qr, Guid cardId, Guid? purchaseId, DateTimeOffset now, CancellationToken ct)
    {
        if (transaction is null || purchaseId is null)
        {
            return !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM qr_uses WHERE kid = @Kid AND card_id = @cardId AND nonce = @Nonce)",
                new { qr.Kid, cardId, qr.Nonce }, cancellationToken: ct));
        }

        // A concurrent use of the same code waits here for the first transaction, then finds the row.
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO qr_uses (kid, card_id, nonce, purchase_id, used_at) VALUES (@Kid, @cardId, @Nonce, @purchaseId, @now)
            ON CONFLICT DO NOTHING
            """, new { qr.Kid, cardId, qr.Nonce, purchaseId, now = now.UtcDateTime }, transaction, cancellationToken: ct));
        return inserted == 1;
    }

    private static async Task InsertDeclinedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PurchaseRecord record, string declineCode, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO purchases (purchase_id, receipt_no, terminal_id, provider_id, provider_county, idempotency_key, status, decline_code,
                credential_type, card_id, elder_id, masked_name, category, home_county, village_code, item, quantity,
                list_price_fen, policy_version, order_id, care_worker_id, location_lat, location_lon, occurred_at, booked_at, booked_day)
            VALUES (@PurchaseId, @ReceiptNo, @TerminalId, @ProviderId, @ProviderCounty, @IdempotencyKey, 'declined', @DeclineCode,
                @CredentialType, @CardId, @ElderId, @MaskedName, @Category, @HomeCounty, @VillageCode, @Item, @Quantity,
                @ListPriceFen, @PolicyVersion, @OrderId, @CareWorkerId, @Lat, @Lon, @OccurredAt, @BookedAt, @BookedDay)
            """;
        var e = record.Evaluation;
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            record.PurchaseId,
            record.ReceiptNo,
            record.Terminal.TerminalId,
            record.Terminal.ProviderId,
            e.ProviderCounty,
            record.IdempotencyKey,
            DeclineCode = declineCode,
            CredentialType = record.Input.Credential.Type,
            e.Card?.CardId,
            e.Card?.ElderId,
            e.Card?.MaskedName,
            e.Card?.Category,
            e.HomeCounty,
            e.Card?.VillageCode,
            record.Input.Item,
            record.Input.Quantity,
            e.ListPriceFen,
            PolicyVersion = e.Card is null ? (int?)null : e.PolicyVersion,
            record.Request.OrderId,
            record.Request.CareWorkerId,
            Lat = record.Request.Location?.Lat,
            Lon = record.Request.Location?.Lon,
            OccurredAt = record.Input.OccurredAt.UtcDateTime,
            BookedAt = record.BookedAt.UtcDateTime,
            BookedDay = Shanghai.Today(record.BookedAt),
        }, transaction, cancellationToken: ct));
    }

    /// <summary>
    /// Returns money to the funds (a reversal, or a draw that was not used), one shard each. Any shard
    /// is right for the balance (it is the sum of the shards); the one given may differ from the one
    /// a draw took from.
    /// </summary>
    public static async Task CreditFundsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<string> accounts, int shard, SourceAmounts amounts, CancellationToken ct)
    {
        const string sql = """
            UPDATE fund_shards SET balance_fen = balance_fen + @fiscal WHERE account_id = @fiscalAccount AND shard = @shard AND @fiscal > 0;
            UPDATE fund_shards SET balance_fen = balance_fen + @collective WHERE account_id = @collectiveAccount AND shard = @shard AND @collective > 0;
            UPDATE fund_shards SET balance_fen = balance_fen + @charity WHERE account_id = @charityAccount AND shard = @shard AND @charity > 0;
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            fiscalAccount = accounts[0], collectiveAccount = accounts[1], charityAccount = accounts[2], shard,
            fiscal = amounts.FiscalFen, collective = amounts.CollectiveFen, charity = amounts.CharityFen,
        }, transaction, cancellationToken: ct));
    }

    /// <summary>A batch command with positional parameters ($1, $2, …); null becomes SQL NULL.</summary>
    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    // ---- validation (400 naming the field; nothing recorded) ----

    private static ValidInput Validate(PurchaseRequest request, DateTimeOffset now)
    {
        var credential = ValidateCredential(request.Credential);
        if (request.Item is null)
        {
            throw new BadInputException("item", "required", "item is required.");
        }

        ValidateItemShape(request.Item);
        if (request.Quantity is not { } quantity)
        {
            throw new BadInputException("quantity", "required", "quantity is required.");
        }

        if (quantity is < 1 or > 99)
        {
            throw new BadInputException("quantity", "quantity_out_of_range", "quantity must be between 1 and 99.");
        }

        if (request.OccurredAt is not { } occurredAt)
        {
            throw new BadInputException("occurredAt", "required", "occurredAt is required.");
        }

        if (occurredAt < now - MaxLag || occurredAt > now + MaxLead)
        {
            throw new BadInputException("occurredAt", "occurred_at_out_of_range", "occurredAt may lag the server clock by at most 24 h and lead it by at most 300 s.");
        }

        if (request.MaxFamilyFen is < 0)
        {
            throw new BadInputException("maxFamilyFen", "out_of_range", "maxFamilyFen must not be negative.");
        }

        if (request.CareWorkerId is { Length: > 64 })
        {
            throw new BadInputException("careWorkerId", "too_long", "careWorkerId is at most 64 characters.");
        }

        if (request.Location is { } location && (location.Lat is not (>= -90 and <= 90) || location.Lon is not (>= -180 and <= 180)))
        {
            throw new BadInputException("location", "invalid_location", "location needs lat in [-90, 90] and lon in [-180, 180].");
        }

        return new ValidInput(credential, request.Item, quantity, occurredAt);
    }

    private static Credential ValidateCredential(CredentialBody? body)
    {
        if (body is null)
        {
            throw new BadInputException("credential", "required", "credential is required.");
        }

        if (body.Type is not ("card" or "qr" or "face"))
        {
            throw new BadInputException("credential.type", "unknown_credential_type", "credential.type must be card, qr or face.");
        }

        if (string.IsNullOrWhiteSpace(body.Value) || body.Value.Length > 4096)
        {
            throw new BadInputException("credential.value", "required", "credential.value is required.");
        }

        return new Credential(body.Type, body.Value.Trim());
    }

    private static void ValidateItemShape(string item)
    {
        if (!ItemCode().IsMatch(item))
        {
            throw new BadInputException("item", "unknown_item", $"'{item}' is not a service item.");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex ItemCode();

    private static string ReceiptNo(DateTimeOffset now) =>
        "R" + Shanghai.ToLocal(now).ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 3);

    private sealed record Credential(string Type, string Value);

    private sealed record ValidInput(Credential Credential, string Item, int Quantity, DateTimeOffset OccurredAt);

    private sealed class Evaluation
    {
        public string? DeclineCode { get; private set; }

        public CardRow? Card { get; set; }

        public string? HomeCounty { get; set; }

        public string ProviderCounty { get; set; } = "";

        public long? ListPriceFen { get; set; }

        public long PriceFen { get; set; }

        public int PolicyVersion { get; set; }

        public Shares Shares { get; set; }

        public SubsidyAmounts Caps { get; set; }

        public IReadOnlyList<string> FundAccounts { get; set; } = [];

        /// <summary>A purchase's cap usage of the month, read as its row was locked; null for an inquiry.</summary>
        public CapUsageRow? CapUsed { get; set; }

        public ElderView? ElderView => Card is null ? null : new ElderView(Card.MaskedName ?? "", Card.Category, HomeCounty ?? Card.CardHomeCounty);

        public Evaluation Decline(string code)
        {
            DeclineCode = code;
            return this;
        }
    }

    private sealed record PurchaseRecord(Guid PurchaseId, string ReceiptNo, TerminalIdentity Terminal, string? IdempotencyKey, ValidInput Input, PurchaseRequest Request, Evaluation Evaluation, DateTimeOffset BookedAt)
    {
        public PurchaseAnswer Answer(string? declineCode, SourceAmounts? split, SubsidyAmounts? remaining) => new(
            PurchaseId,
            ReceiptNo,
            declineCode is null ? PurchaseStatuses.Approved : PurchaseStatuses.Declined,
            declineCode,
            Evaluation.ElderView,
            Input.Item,
            Input.Quantity,
            Evaluation.ListPriceFen,
            declineCode is null ? Evaluation.PriceFen : null,
            split is { } s ? new SplitView(s.FiscalFen, s.CollectiveFen, s.CharityFen, s.FamilyFen) : null,
            remaining is { } r ? new CapsView(r.FiscalFen, r.CollectiveFen, r.CharityFen) : null,
            Shanghai.ToLocal(Input.OccurredAt),
            Shanghai.ToLocal(BookedAt));
    }
}
