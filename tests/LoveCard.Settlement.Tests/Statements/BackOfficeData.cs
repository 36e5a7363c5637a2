using Dapper;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Tests.Statements;

/// <summary>
/// Writes the core's rows the way its purchase path does (012_purchases_orders.sql, 011_ledger_funds.sql,
/// 041_statement_reversals.sql for what a reversal copies from its purchase):
/// an approved purchase with postings fund → payable and family → counter (ADR 0040) that sum to zero,
/// the fund's shard drawn down; voids and refunds with reversing postings and the purchase's "back"
/// columns; funds topped up with an approved top-up and its postings, so every fund's shards equal its postings.
/// </summary>
public static class BackOfficeData
{
    public const long TopUpFen = 1_000_000_000;
    private static int _receipt;

    public static async Task<Guid> AddProviderAsync(string county, string name = "食堂")
    {
        var providerId = Guid.NewGuid();
        await using var connection = await BackOfficeWorld.OpenAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO rm_providers (provider_id, county, name, status, credit_score) VALUES (@providerId, @county,
                @name, 'whitelisted', 100);
            INSERT INTO accounts (account_id, kind, county, provider_id) VALUES ('payable:' || @providerId, 'payable',
                @county, @providerId)
            ON CONFLICT (account_id) DO NOTHING;
            """,
            new
            {
                providerId,
                county,
                name,
            }
        );
        return providerId;
    }

    public static async Task<string> AddTerminalAsync(
        Guid providerId,
        string county,
        double? lat = null,
        double? lon = null,
        TimeOnly? opensAt = null,
        TimeOnly? closesAt = null
    )
    {
        var terminalId = "T" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = await BackOfficeWorld.OpenAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO terminals (terminal_id, provider_id, county, latitude, longitude, opens_at, closes_at,
                updated_at)
            VALUES (@terminalId, @providerId, @county, @lat, @lon, @opensAt, @closesAt, now())
            """,
            new
            {
                terminalId,
                providerId,
                county,
                lat,
                lon,
                opensAt,
                closesAt,
            }
        );
        return terminalId;
    }

    /// <summary>The fiscal, charity and the village's collective fund of <paramref name="county"/>, each topped up with
    /// <see cref="TopUpFen"/>.</summary>
    public static async Task AddFundsAsync(string county, string village)
    {
        await using var connection = await BackOfficeWorld.OpenAsync();
        foreach (var source in new[] { "fiscal", "collective", "charity" })
        {
            var fund = Accounts.Fund(county, source, village);
            var external = Accounts.External(county, source, village);
            var villageCode = source == "collective" ? village : null;
            var topUp = Guid.NewGuid();
            await connection.ExecuteAsync(
                """
                INSERT INTO accounts (account_id, kind, county, source, village_code) VALUES (@fund, 'fund', @county,
                    @source, @villageCode)
                ON CONFLICT (account_id) DO NOTHING;
                INSERT INTO accounts (account_id, kind, county, source, village_code) VALUES (@external, 'external',
                    @county, @source, @villageCode)
                ON CONFLICT (account_id) DO NOTHING;
                INSERT INTO fund_top_ups (top_up_id, county, source, village_code, account_id, amount_fen, status,
                    proposed_by, proposed_at,
                    approved_by, approved_at, idempotency_key)
                VALUES (@topUp, @county, @source, @villageCode, @fund, @amount, 'approved', 'test-maker', now(),
                    'test-checker', now(), @topUp::text);
                INSERT INTO postings (transaction_id, account_id, amount_fen, kind, booked_at)
                VALUES (@topUp, @external, -@amount, 'top_up', now()), (@topUp, @fund, @amount, 'top_up', now());
                INSERT INTO fund_shards (account_id, shard, balance_fen) VALUES (@fund, 0, @amount)
                ON CONFLICT (account_id, shard) DO UPDATE SET balance_fen = fund_shards.balance_fen +
                    excluded.balance_fen;
                """,
                new
                {
                    fund,
                    external,
                    county,
                    source,
                    villageCode,
                    topUp,
                    amount = TopUpFen,
                }
            );
        }
    }

    public static async Task<Guid> BookAsync(PurchaseSpec spec)
    {
        await using var connection = await BackOfficeWorld.OpenAsync();
        return await BookAsync(connection, spec);
    }

    public static async Task<Guid> BookAsync(NpgsqlConnection connection, PurchaseSpec spec)
    {
        var purchaseId = Guid.NewGuid();
        var receipt = spec.ReceiptNo
            ?? "R"
                + Interlocked.Increment(ref _receipt).ToString("D8", System.Globalization.CultureInfo.InvariantCulture)
                + purchaseId.ToString("N")[..4];
        var funds = new[]
        {
            Accounts.Fund(spec.HomeCounty, "fiscal", spec.Village),
            Accounts.Fund(spec.HomeCounty, "collective", spec.Village),
            Accounts.Fund(spec.HomeCounty, "charity", spec.Village),
        };
        var amounts = new[] { spec.FiscalFen, spec.CollectiveFen, spec.CharityFen };
        await connection.ExecuteAsync(
            """
            INSERT INTO purchases (purchase_id, receipt_no, terminal_id, provider_id, provider_county, idempotency_key,
                status, credential_type,
                card_id, elder_id, masked_name, category, home_county, village_code, item, quantity, list_price_fen,
                    price_fen,
                fiscal_fen, collective_fen, charity_fen, family_fen, policy_version, cap_month, location_lat,
                    location_lon,
                occurred_at, booked_at, booked_day)
            VALUES (@PurchaseId, @Receipt, @TerminalId, @ProviderId, @ProviderCounty, 'key-' || @Receipt, 'approved',
                'card',
                @CardId, @ElderId, @MaskedName, @Category, @HomeCounty, @Village, @Item, @Quantity, @ListPriceFen,
                    @PriceFen,
                @FiscalFen, @CollectiveFen, @CharityFen, @FamilyFen, 1, @CapMonth, @Lat, @Lon,
                @BookedAt, @BookedAt, @BookedDay);
            INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
            SELECT @PurchaseId, f.account_id, -f.amount_fen, 'purchase', @PurchaseId, @BookedAt
              FROM unnest(@Funds, @Amounts) AS f (account_id, amount_fen) WHERE f.amount_fen <> 0
            UNION ALL SELECT @PurchaseId, 'payable:' || @ProviderId, @SubsidyFen, 'purchase', @PurchaseId, @BookedAt
                WHERE @SubsidyFen <> 0
            UNION ALL SELECT @PurchaseId, 'family:' || @ProviderId, -@FamilyFen, 'purchase', @PurchaseId, @BookedAt
                WHERE @FamilyFen <> 0
            UNION ALL SELECT @PurchaseId, 'counter:' || @ProviderId, @FamilyFen, 'purchase', @PurchaseId, @BookedAt
                WHERE @FamilyFen <> 0;
            UPDATE fund_shards s SET balance_fen = s.balance_fen - f.amount_fen
              FROM unnest(@Funds, @Amounts) AS f (account_id, amount_fen) WHERE s.account_id = f.account_id AND s.shard
                  = 0;
            """,
            new
            {
                PurchaseId = purchaseId,
                Receipt = receipt,
                TerminalId = spec.TerminalId ?? "T-none",
                spec.ProviderId,
                spec.ProviderCounty,
                spec.CardId,
                spec.ElderId,
                spec.MaskedName,
                spec.Category,
                spec.HomeCounty,
                spec.Village,
                spec.Item,
                spec.Quantity,
                ListPriceFen = spec.ListPriceFen ?? spec.PriceFen,
                spec.PriceFen,
                spec.FiscalFen,
                spec.CollectiveFen,
                spec.CharityFen,
                spec.FamilyFen,
                CapMonth = Shanghai.MonthStart(spec.BookedAt),
                spec.Lat,
                spec.Lon,
                BookedAt = spec.BookedAt.UtcDateTime,
                BookedDay = Shanghai.Today(spec.BookedAt),
                Funds = funds,
                Amounts = amounts,
                SubsidyFen = spec.FiscalFen + spec.CollectiveFen + spec.CharityFen,
            }
        );
        return purchaseId;
    }

    /// <summary>A void (everything back) or a refund of <paramref name="refundFen"/> allocated by the core's
    /// rule.</summary>
    public static async Task<SourceAmounts> ReverseAsync(
        Guid purchaseId,
        string kind,
        DateTimeOffset bookedAt,
        long refundFen = 0
    )
    {
        await using var connection = await BackOfficeWorld.OpenAsync();
        var p = await connection.QuerySingleAsync<PurchaseMoney>(
            """
            SELECT fiscal_fen AS f, collective_fen AS c, charity_fen AS h, family_fen AS m, fiscal_back_fen AS fb,
                collective_back_fen AS cb,
                   charity_back_fen AS hb, family_back_fen AS mb, home_county AS home, village_code AS village,
                       provider_id AS provider,
                   terminal_id AS terminal
              FROM purchases WHERE purchase_id = @purchaseId
            """,
            new { purchaseId }
        );
        var paid = new SourceAmounts(p.F, p.C, p.H, p.M);
        var back = new SourceAmounts(p.Fb, p.Cb, p.Hb, p.Mb);
        var give = kind == "void" ? paid.Minus(back) : MoneyRules.AllocateRefund(refundFen, paid, back);
        var funds = new[]
        {
            Accounts.Fund(p.Home, "fiscal", p.Village),
            Accounts.Fund(p.Home, "collective", p.Village),
            Accounts.Fund(p.Home, "charity", p.Village),
        };
        var amounts = new[] { give.FiscalFen, give.CollectiveFen, give.CharityFen };
        var reversalId = Guid.NewGuid();
        await connection.ExecuteAsync(
            """
            INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
            SELECT @ReversalId, f.account_id, f.amount_fen, @Kind, @PurchaseId, @BookedAt
              FROM unnest(@Funds, @Amounts) AS f (account_id, amount_fen) WHERE f.amount_fen <> 0
            UNION ALL SELECT @ReversalId, 'payable:' || @Provider, -@SubsidyFen, @Kind, @PurchaseId, @BookedAt WHERE
                @SubsidyFen <> 0
            UNION ALL SELECT @ReversalId, 'family:' || @Provider, @M, @Kind, @PurchaseId, @BookedAt WHERE @M <> 0
            UNION ALL SELECT @ReversalId, 'counter:' || @Provider, -@M, @Kind, @PurchaseId, @BookedAt WHERE @M <> 0;
            UPDATE fund_shards s SET balance_fen = s.balance_fen + f.amount_fen
              FROM unnest(@Funds, @Amounts) AS f (account_id, amount_fen) WHERE s.account_id = f.account_id AND s.shard
                  = 0;
            UPDATE purchases SET fiscal_back_fen = fiscal_back_fen + @F, collective_back_fen = collective_back_fen + @C,
                   charity_back_fen = charity_back_fen + @H, family_back_fen = family_back_fen + @M,
                   status = CASE WHEN @Kind = 'void' THEN 'voided' ELSE status END
             WHERE purchase_id = @PurchaseId;
            INSERT INTO reversals (reversal_id, purchase_id, kind, amount_fen, fiscal_fen, collective_fen, charity_fen,
                family_fen, reason,
                terminal_id, booked_at, booked_day, provider_id, provider_county, elder_id, home_county, item,
                    quantity_back)
            SELECT @ReversalId, @PurchaseId, @Kind, @Total, @F, @C, @H, @M, 'test', @Terminal, @BookedAt, @BookedDay,
                   p.provider_id, p.provider_county, p.elder_id, p.home_county, p.item, CASE WHEN @Kind = 'void' THEN
                       p.quantity ELSE 0 END
              FROM purchases p WHERE p.purchase_id = @PurchaseId;
            """,
            new
            {
                ReversalId = reversalId,
                Kind = kind,
                PurchaseId = purchaseId,
                BookedAt = bookedAt.UtcDateTime,
                BookedDay = Shanghai.Today(bookedAt),
                Funds = funds,
                Amounts = amounts,
                p.Provider,
                p.Terminal,
                SubsidyFen = give.SubsidyFen,
                F = give.FiscalFen,
                C = give.CollectiveFen,
                H = give.CharityFen,
                M = give.FamilyFen,
                Total = give.TotalFen,
            }
        );
        return give;
    }

    private sealed class PurchaseMoney
    {
        public long F { get; init; }

        public long C { get; init; }

        public long H { get; init; }

        public long M { get; init; }

        public long Fb { get; init; }

        public long Cb { get; init; }

        public long Hb { get; init; }

        public long Mb { get; init; }

        public string Home { get; init; } = "";

        public string Village { get; init; } = "";

        public Guid Provider { get; init; }

        public string Terminal { get; init; } = "";
    }

    /// <summary>What the ledger says the funds paid a provider for postings booked in [from, to), per source (the
    /// reference for statements).</summary>
    public static async Task<(long Fiscal, long Collective, long Charity, long Payable)> LedgerForProviderAsync(
        Guid providerId,
        DateTimeOffset from,
        DateTimeOffset to
    )
    {
        await using var connection = await BackOfficeWorld.OpenAsync();
        return await connection.QuerySingleAsync<(long, long, long, long)>(
            """
            WITH tx AS (
                SELECT DISTINCT transaction_id FROM postings
                 WHERE account_id = 'payable:' || @providerId AND booked_at >= @from AND booked_at < @to
            )
            SELECT coalesce(-sum(p.amount_fen) FILTER (WHERE p.account_id LIKE 'fund:%:fiscal'), 0)::bigint,
                   coalesce(-sum(p.amount_fen) FILTER (WHERE p.account_id LIKE 'fund:%:collective:%'), 0)::bigint,
                   coalesce(-sum(p.amount_fen) FILTER (WHERE p.account_id LIKE 'fund:%:charity'), 0)::bigint,
                   coalesce(sum(p.amount_fen) FILTER (WHERE p.account_id LIKE 'payable:%'), 0)::bigint
              FROM postings p JOIN tx USING (transaction_id)
            """,
            new
            {
                providerId,
                from = from.UtcDateTime,
                to = to.UtcDateTime,
            }
        );
    }
}
