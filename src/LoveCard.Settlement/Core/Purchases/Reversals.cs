using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.Core.Ledger;
using LoveCard.Settlement.Gateway;
using Npgsql;

namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// Voids and refunds (TERMINAL-PROTOCOL.md, DOMAIN.md §3): reversing postings, the caps of the
/// booking month and the fund balances restored, <see cref="PurchaseReversed"/> in the outbox, all
/// in the caller's transaction. The purchase row is locked first, so two reversals of one purchase
/// queue and the second sees what the first gave back.
/// </summary>
public sealed class Reversals(TimeProvider time, PurchaseQueries queries)
{
    public const string AlreadyVoided = "already_voided";
    public const string AlreadyRefunded = "already_refunded";
    public const string VoidWindowClosed = "void_window_closed";
    public const string RefundExceedsRemaining = "refund_exceeds_remaining";
    public const string PurchaseDeclined = "purchase_declined";

    /// <summary>Cancels a purchase on the Asia/Shanghai day it was booked; returns each source exactly what it
    /// paid.</summary>
    public async Task<PurchaseView> VoidAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalIdentity terminal,
        Guid purchaseId,
        string? reason,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var purchase = await LockAsync(connection, transaction, terminal, purchaseId, ct);
        if (purchase.Status == PurchaseStatuses.Declined)
        {
            throw new ConflictException(PurchaseDeclined, "A declined purchase cannot be voided.");
        }

        if (purchase.Status == PurchaseStatuses.Voided)
        {
            throw new ConflictException(AlreadyVoided, "The purchase was voided already.");
        }

        var paid = Paid(purchase);
        var back = Back(purchase);
        if (back.TotalFen > 0)
        {
            throw new ConflictException(AlreadyRefunded, "The purchase was refunded in part; refund the rest instead.");
        }

        if (Shanghai.Today(now) != purchase.BookedDay)
        {
            throw new ConflictException(
                VoidWindowClosed,
                $"A void is possible only on the day the purchase was booked ({purchase.BookedDay:yyyy-MM-dd}, "
                    + $"Asia/Shanghai); refund it instead."
            );
        }

        await ReverseAsync(connection, transaction, terminal, purchase, "void", paid, reason, now, ct);
        return (await queries.GetAsync(connection, transaction, terminal.ProviderId, purchaseId, ct))!;
    }

    /// <summary>Refunds part or all of what remains, allocated to the sources by DOMAIN.md §3's refund rule.</summary>
    public async Task<RefundAnswer> RefundAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalIdentity terminal,
        Guid purchaseId,
        RefundRequest request,
        CancellationToken ct
    )
    {
        if (request.AmountFen is not { } amountFen)
        {
            throw new BadInputException("amountFen", "required", "amountFen is required.");
        }

        if (amountFen <= 0)
        {
            throw new BadInputException("amountFen", "out_of_range", "amountFen must be more than 0.");
        }

        if (request.Reason is { Length: > 500 })
        {
            throw new BadInputException("reason", "too_long", "reason is at most 500 characters.");
        }

        var now = time.GetUtcNow();
        var purchase = await LockAsync(connection, transaction, terminal, purchaseId, ct);
        if (purchase.Status == PurchaseStatuses.Declined)
        {
            throw new ConflictException(PurchaseDeclined, "A declined purchase cannot be refunded.");
        }

        if (purchase.Status == PurchaseStatuses.Voided)
        {
            throw new ConflictException(AlreadyVoided, "The purchase was voided; nothing remains to refund.");
        }

        var paid = Paid(purchase);
        var back = Back(purchase);
        var remainingFen = paid.TotalFen - back.TotalFen;
        if (amountFen > remainingFen)
        {
            throw new ConflictException(RefundExceedsRemaining, $"Only {remainingFen} fen remain refundable.")
            {
                Extensions = { ["remainingRefundableFen"] = remainingFen },
            };
        }

        var allocation = MoneyRules.AllocateRefund(amountFen, paid, back);
        var reversalId = await ReverseAsync(
            connection,
            transaction,
            terminal,
            purchase,
            "refund",
            allocation,
            request.Reason,
            now,
            ct
        );
        return new RefundAnswer(
            reversalId,
            purchaseId,
            amountFen,
            new SplitView(allocation.FiscalFen, allocation.CollectiveFen, allocation.CharityFen, allocation.FamilyFen),
            remainingFen - amountFen,
            request.Reason,
            Shanghai.ToLocal(now)
        );
    }

    private static async Task<PurchaseRow> LockAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalIdentity terminal,
        Guid purchaseId,
        CancellationToken ct
    )
    {
        // Another provider's purchase answers 404, like one that does not exist (TERMINAL-PROTOCOL.md).
        const string sql =
            "SELECT * FROM purchases WHERE purchase_id = @purchaseId AND provider_id = @ProviderId FOR UPDATE";
        return await connection.QuerySingleOrDefaultAsync<PurchaseRow>(
            new CommandDefinition(sql, new { purchaseId, terminal.ProviderId }, transaction, cancellationToken: ct)
        ) ?? throw new NotFoundException("Purchase");
    }

    private static SourceAmounts Paid(PurchaseRow p) =>
        new(p.FiscalFen ?? 0, p.CollectiveFen ?? 0, p.CharityFen ?? 0, p.FamilyFen ?? 0);

    private static SourceAmounts Back(PurchaseRow p) =>
        new(p.FiscalBackFen, p.CollectiveBackFen, p.CharityBackFen, p.FamilyBackFen);

    private static async Task<Guid> ReverseAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        TerminalIdentity terminal,
        PurchaseRow purchase,
        string kind,
        SourceAmounts amounts,
        string? reason,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        var reversalId = Guid.CreateVersion7(now);
        var county = purchase.HomeCounty!;
        string[] accounts =
        [
            Accounts.Fund(county, FundSources.Fiscal, null),
            Accounts.Fund(county, FundSources.Collective, purchase.VillageCode ?? "none"),
            Accounts.Fund(county, FundSources.Charity, null),
        ];

        // What a source gets back restores its cap for the month the purchase was booked in (DOMAIN.md §3).
        const string sql = """
            UPDATE cap_usage SET fiscal_used_fen = GREATEST(0, fiscal_used_fen - @FiscalFen),
                collective_used_fen = GREATEST(0, collective_used_fen - @CollectiveFen),
                charity_used_fen = GREATEST(0, charity_used_fen - @CharityFen)
             WHERE elder_id = @ElderId AND month = @CapMonth AND @SubsidyFen > 0;
            INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
            SELECT @ReversalId, p.account_id, p.amount_fen, @Kind, @PurchaseId, @BookedAt
            FROM unnest(@PostingAccounts, @PostingAmounts) AS p (account_id, amount_fen)
            WHERE p.amount_fen <> 0;
            UPDATE purchases SET fiscal_back_fen = fiscal_back_fen + @FiscalFen, collective_back_fen =
                collective_back_fen + @CollectiveFen,
                charity_back_fen = charity_back_fen + @CharityFen, family_back_fen = family_back_fen + @FamilyFen,
                status = CASE WHEN @Kind = 'void' THEN 'voided' ELSE status END
             WHERE purchase_id = @PurchaseId;
            -- Statements select and group reversals by these purchase fields (041_statement_reversals.sql).
            INSERT INTO reversals (reversal_id, purchase_id, kind, amount_fen, fiscal_fen, collective_fen, charity_fen,
                family_fen,
                reason, terminal_id, booked_at, booked_day, provider_id, provider_county, elder_id, home_county, item,
                    quantity_back)
            SELECT @ReversalId, @PurchaseId, @Kind, @AmountFen, @FiscalFen, @CollectiveFen, @CharityFen, @FamilyFen,
                @Reason, @TerminalId, @BookedAt, @BookedDay, p.provider_id, p.provider_county, p.elder_id,
                    p.home_county, p.item,
                CASE WHEN @Kind = 'void' THEN p.quantity ELSE 0 END
              FROM purchases p WHERE p.purchase_id = @PurchaseId;
            SELECT count(*) FROM reversals WHERE purchase_id = @PurchaseId;
            """;
        var payable = Accounts.Payable(purchase.ProviderId);
        var count = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                sql,
                new
                {
                    amounts.FiscalFen,
                    amounts.CollectiveFen,
                    amounts.CharityFen,
                    amounts.FamilyFen,
                    amounts.SubsidyFen,
                    purchase.ElderId,
                    purchase.CapMonth,
                    ReversalId = reversalId,
                    Kind = kind,
                    purchase.PurchaseId,
                    BookedAt = now.UtcDateTime,
                    BookedDay = Shanghai.Today(now),
                    // The family's share goes back exactly as it was posted (ADR 0040): counter -> families.
                    PostingAccounts = new[]
                    {
                        accounts[0],
                        accounts[1],
                        accounts[2],
                        payable,
                        Accounts.Family(purchase.ProviderId),
                        Accounts.Counter(purchase.ProviderId),
                    },
                    PostingAmounts = new[]
                    {
                        amounts.FiscalFen,
                        amounts.CollectiveFen,
                        amounts.CharityFen,
                        -amounts.SubsidyFen,
                        amounts.FamilyFen,
                        -amounts.FamilyFen,
                    },
                    AmountFen = amounts.TotalFen,
                    Reason = reason,
                    terminal.TerminalId,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await PurchaseBooking.CreditFundsAsync(connection, transaction, accounts, Accounts.PickShard(), amounts, ct);

        await Outbox.AddAsync(
            connection,
            transaction,
            new PurchaseReversed
            {
                AggregateId = purchase.PurchaseId.ToString(),
                AggregateVersion = 1 + count,
                Actor = new Actor(ActorKinds.Terminal, terminal.TerminalId),
                Reason = reason ?? kind,
                OccurredAt = now,
                PurchaseId = purchase.PurchaseId,
                ReversalId = reversalId,
                Kind = kind,
                AmountFen = amounts.TotalFen,
                FiscalFen = amounts.FiscalFen,
                CollectiveFen = amounts.CollectiveFen,
                CharityFen = amounts.CharityFen,
                FamilyFen = amounts.FamilyFen,
                BookedAt = now,
            },
            ct
        );
        return reversalId;
    }
}
