using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Funds;

/// <summary>
/// Fund accounts, top-ups (maker-checker) and the history of postings (DOMAIN.md §3). A top-up is a
/// posting from the external account into the fund, spread over the fund's shards.
/// </summary>
public sealed class FundStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public sealed class TopUpRow
    {
        public Guid TopUpId { get; init; }

        public string County { get; init; } = "";

        public string Source { get; init; } = "";

        public string? VillageCode { get; init; }

        public string AccountId { get; init; } = "";

        public long AmountFen { get; init; }

        public string? Note { get; init; }

        public string Status { get; init; } = "";

        public string ProposedBy { get; init; } = "";

        public DateTime ProposedAt { get; init; }

        public string? ApprovedBy { get; init; }

        public DateTime? ApprovedAt { get; init; }

        public string IdempotencyKey { get; init; } = "";

        public TopUpView ToView() =>
            new(
                TopUpId,
                County,
                Source,
                VillageCode,
                AmountFen,
                Note,
                Status,
                ProposedBy,
                Shanghai.FromUtc(ProposedAt),
                ApprovedBy,
                ApprovedAt is { } a ? Shanghai.FromUtc(a) : null
            );
    }

    /// <summary>Proposes a top-up; the same proposer's retry with the same key returns the first (created =
    /// false).</summary>
    public async Task<(TopUpView TopUp, bool Created)> ProposeAsync(
        string county,
        string source,
        string? villageCode,
        long amountFen,
        string? note,
        string proposedBy,
        string idempotencyKey,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO fund_top_ups (top_up_id, county, source, village_code, account_id, amount_fen, note, status,
                proposed_by, proposed_at, idempotency_key)
            VALUES (@TopUpId, @County, @Source, @VillageCode, @AccountId, @AmountFen, @Note, 'proposed', @ProposedBy,
                @ProposedAt, @IdempotencyKey)
            ON CONFLICT (county, proposed_by, idempotency_key) DO NOTHING
            RETURNING *;
            """;
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var created = await connection.QuerySingleOrDefaultAsync<TopUpRow>(
            new CommandDefinition(
                sql,
                new
                {
                    TopUpId = Guid.CreateVersion7(now),
                    County = county,
                    Source = source,
                    VillageCode = villageCode,
                    AccountId = Accounts.Fund(county, source, villageCode),
                    AmountFen = amountFen,
                    Note = note,
                    ProposedBy = proposedBy,
                    ProposedAt = now.UtcDateTime,
                    IdempotencyKey = idempotencyKey,
                },
                cancellationToken: ct
            )
        );
        if (created is not null)
        {
            return (created.ToView(), true);
        }

        var existing = await connection.QuerySingleAsync<TopUpRow>(
            new CommandDefinition(
                "SELECT * FROM fund_top_ups WHERE county = @county AND proposed_by = @proposedBy AND idempotency_key "
                    + "= @idempotencyKey",
                new
                {
                    county,
                    proposedBy,
                    idempotencyKey,
                },
                cancellationToken: ct
            )
        );
        if (
            existing.Source != source
            || existing.VillageCode != villageCode
            || existing.AmountFen != amountFen
            || existing.Note != note
        )
        {
            throw new RuleViolationException(
                "idempotency_key_reused",
                "This Idempotency-Key was used for another top-up.",
                "Idempotency-Key"
            );
        }

        return (existing.ToView(), false);
    }

    /// <summary>The second user's approval: postings from the external account into the fund, and the fund's
    /// balance.</summary>
    public async Task<TopUpView> ApproveAsync(string county, Guid topUpId, string approvedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var topUp = await connection.QuerySingleOrDefaultAsync<TopUpRow>(
            new CommandDefinition(
                "SELECT * FROM fund_top_ups WHERE top_up_id = @topUpId AND county = @county FOR UPDATE",
                new { topUpId, county },
                transaction,
                cancellationToken: ct
            )
        ) ?? throw new NotFoundException("Top-up");
        if (topUp.Status != "proposed")
        {
            throw new ConflictException("already_approved", "The top-up was approved already.");
        }

        if (topUp.ProposedBy == approvedBy)
        {
            throw new DomainException(
                403,
                "maker_checker",
                "A top-up must be approved by another user than the one who proposed it."
            );
        }

        var external = Accounts.External(county, topUp.Source, topUp.VillageCode);
        // Spread over the shards so every shard can serve purchases; the remainder goes to shard 0.
        var perShard = topUp.AmountFen / Accounts.FundShards;
        var shardAmounts = Enumerable
            .Range(0, Accounts.FundShards)
            .Select(i => perShard + (i == 0 ? topUp.AmountFen - perShard * Accounts.FundShards : 0))
            .ToArray();
        const string sql = """
            INSERT INTO accounts (account_id, kind, county, source, village_code) VALUES (@AccountId, 'fund', @County,
                @Source, @VillageCode)
            ON CONFLICT (account_id) DO NOTHING;
            INSERT INTO accounts (account_id, kind, county, source, village_code) VALUES (@External, 'external',
                @County, @Source, @VillageCode)
            ON CONFLICT (account_id) DO NOTHING;
            INSERT INTO fund_shards (account_id, shard, balance_fen)
            SELECT @AccountId, s.shard, s.amount FROM unnest(@Shards, @ShardAmounts) AS s (shard, amount)
            ON CONFLICT (account_id, shard) DO UPDATE SET balance_fen = fund_shards.balance_fen + excluded.balance_fen;
            INSERT INTO postings (transaction_id, account_id, amount_fen, kind, booked_at)
            VALUES (@TopUpId, @External, -@AmountFen, 'top_up', @Now), (@TopUpId, @AccountId, @AmountFen, 'top_up',
                @Now);
            UPDATE fund_top_ups SET status = 'approved', approved_by = @ApprovedBy, approved_at = @Now WHERE top_up_id =
                @TopUpId;
            SELECT (SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards WHERE account_id = @AccountId),
                   (SELECT count(*) FROM fund_top_ups WHERE account_id = @AccountId AND status = 'approved');
            """;
        var (balance, version) = await connection.QuerySingleAsync<(long, long)>(
            new CommandDefinition(
                sql,
                new
                {
                    topUp.AccountId,
                    County = county,
                    topUp.Source,
                    topUp.VillageCode,
                    External = external,
                    Shards = Enumerable.Range(0, Accounts.FundShards).Select(i => (short)i).ToArray(),
                    ShardAmounts = shardAmounts,
                    topUp.TopUpId,
                    topUp.AmountFen,
                    Now = now.UtcDateTime,
                    ApprovedBy = approvedBy,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new FundTopUpApproved
            {
                AggregateId = topUp.AccountId,
                AggregateVersion = version,
                Actor = new Actor(ActorKinds.User, approvedBy),
                Reason = topUp.Note ?? "top-up",
                OccurredAt = now,
                TopUpId = topUp.TopUpId,
                County = county,
                Source = topUp.Source,
                VillageCode = topUp.VillageCode,
                AmountFen = topUp.AmountFen,
                BalanceFen = balance,
                ProposedBy = topUp.ProposedBy,
                ApprovedBy = approvedBy,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return new TopUpView(
            topUp.TopUpId,
            county,
            topUp.Source,
            topUp.VillageCode,
            topUp.AmountFen,
            topUp.Note,
            "approved",
            topUp.ProposedBy,
            Shanghai.FromUtc(topUp.ProposedAt),
            approvedBy,
            Shanghai.ToLocal(now)
        );
    }

    public async Task<FundBalances> BalancesAsync(string county, CancellationToken ct)
    {
        const string sql = """
            SELECT a.account_id, a.source, a.village_code, coalesce(sum(s.balance_fen), 0)::bigint AS balance_fen
              FROM accounts a LEFT JOIN fund_shards s ON s.account_id = a.account_id
             WHERE a.county = @county AND a.kind = 'fund'
             GROUP BY a.account_id, a.source, a.village_code ORDER BY a.source, a.village_code NULLS FIRST
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<BalanceRow>(
            new CommandDefinition(sql, new { county }, cancellationToken: ct)
        );
        return new FundBalances(
            county,
            rows.Select(r => new FundBalance(r.AccountId, r.Source, r.VillageCode, r.BalanceFen)).ToArray()
        );
    }

    /// <summary>The postings of the county's fund accounts, newest first.</summary>
    public async Task<Paged<PostingView>> PostingsAsync(string county, PageRequest paging, CancellationToken ct)
    {
        const string sql = """
            SELECT count(*) FROM postings p JOIN accounts a ON a.account_id = p.account_id WHERE a.county = @county AND
                a.kind = 'fund';
            SELECT p.posting_id, p.transaction_id, p.account_id, p.amount_fen, p.kind, p.purchase_id, p.booked_at
              FROM postings p JOIN accounts a ON a.account_id = p.account_id
             WHERE a.county = @county AND a.kind = 'fund'
             ORDER BY p.posting_id DESC LIMIT @PageSize OFFSET @Offset;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var results = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    paging.PageSize,
                    paging.Offset,
                },
                cancellationToken: ct
            )
        );
        var total = await results.ReadSingleAsync<long>();
        var rows = await results.ReadAsync<PostingRow>();
        return Paged<PostingView>.Of(
            paging,
            total,
            rows.Select(r => new PostingView(
                    r.PostingId,
                    r.TransactionId,
                    r.AccountId,
                    r.AmountFen,
                    r.Kind,
                    r.PurchaseId,
                    Shanghai.FromUtc(r.BookedAt)
                ))
                .ToArray()
        );
    }

    private sealed class BalanceRow
    {
        public string AccountId { get; init; } = "";

        public string Source { get; init; } = "";

        public string? VillageCode { get; init; }

        public long BalanceFen { get; init; }
    }

    private sealed class PostingRow
    {
        public long PostingId { get; init; }

        public Guid TransactionId { get; init; }

        public string AccountId { get; init; } = "";

        public long AmountFen { get; init; }

        public string Kind { get; init; } = "";

        public Guid? PurchaseId { get; init; }

        public DateTime BookedAt { get; init; }
    }
}
