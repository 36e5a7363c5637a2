using System.Security.Cryptography;
using System.Text;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>
/// Allocations of the provincial charity fund (ADR 0038), four eyes: one province user proposes (the
/// rule's shares are computed then and stored), another approves, which posts the province fund → the
/// county charity funds in one balanced transaction, or rejects. The decision takes the allocation's row
/// lock, so two approvals (or an approval and a rejection) cannot both happen: the loser finds it decided.
/// </summary>
public sealed class CharityFundStore(
    NpgsqlDataSource dataSource,
    TimeProvider time,
    CharityAllocationQueries queries,
    CharityWeightStore weightStore
)
{
    public const string PostingKind = "charity_allocation";

    /// <summary>Proposes an allocation; the same proposer's retry with the same key and request returns the first
    /// (created = false).</summary>
    public async Task<(CharityAllocationView Allocation, bool Created)> ProposeAsync(
        long amountFen,
        IReadOnlyList<string>? counties,
        string? note,
        string proposedBy,
        string idempotencyKey,
        CancellationToken ct
    )
    {
        var hash = RequestHash(amountFen, counties, note);
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The weights in force now (ADR 0043); the allocation stores them, so a later change rewrites nothing.
        var weights = (await weightStore.InForceAsync(connection, transaction, ct)).Weights;
        var existing = await connection.QuerySingleOrDefaultAsync<CharityAllocationRow>(
            new CommandDefinition(
                "SELECT * FROM charity_allocations WHERE proposed_by = @proposedBy AND idempotency_key = "
                    + "@idempotencyKey",
                new { proposedBy, idempotencyKey },
                transaction,
                cancellationToken: ct
            )
        );
        if (existing is null)
        {
            var shares = CharityAllocationQueries.Split(
                amountFen,
                await CharityAllocationQueries.CountiesAsync(connection, transaction, counties, ct),
                weights
            );
            var allocationId = Guid.CreateVersion7(now);
            var inserted = await connection.QuerySingleOrDefaultAsync<Guid?>(
                new CommandDefinition(
                    """
                    INSERT INTO charity_allocations (allocation_id, amount_fen, note, status,
                        mountain_or_island_weight_permille, other_weight_permille, proposed_by, proposed_at,
                        idempotency_key, request_hash)
                    VALUES (@AllocationId, @AmountFen, @Note, 'proposed', @Mountain, @Other, @ProposedBy, @Now,
                        @IdempotencyKey, @Hash)
                    ON CONFLICT (proposed_by, idempotency_key) DO NOTHING
                    RETURNING allocation_id
                    """,
                    new
                    {
                        AllocationId = allocationId,
                        AmountFen = amountFen,
                        Note = note,
                        Mountain = weights.MountainOrIslandPermille,
                        Other = weights.OtherPermille,
                        ProposedBy = proposedBy,
                        Now = now.UtcDateTime,
                        IdempotencyKey = idempotencyKey,
                        Hash = hash,
                    },
                    transaction,
                    cancellationToken: ct
                )
            );
            if (inserted is null)
            {
                // A concurrent retry with the same key won the insert: answer what it stored.
                await transaction.RollbackAsync(ct);
                return await ProposeAsync(amountFen, counties, note, proposedBy, idempotencyKey, ct);
            }

            await connection.ExecuteAsync(
                new CommandDefinition(
                    """
                    INSERT INTO charity_allocation_shares (allocation_id, county, mountain_or_island, eligible_elders,
                        weight_permille, amount_fen)
                    SELECT @AllocationId, s.county, s.mountain, s.elders, s.weight, s.amount
                      FROM unnest(@SCounty, @SMountain, @SElders, @SWeight, @SAmount) AS s (county, mountain, elders,
                          weight, amount)
                    """,
                    new
                    {
                        AllocationId = allocationId,
                        SCounty = shares.Select(s => s.County).ToArray(),
                        SMountain = shares.Select(s => s.MountainOrIsland).ToArray(),
                        SElders = shares.Select(s => s.EligibleElders).ToArray(),
                        SWeight = shares.Select(s => s.WeightPermille).ToArray(),
                        SAmount = shares.Select(s => s.AmountFen).ToArray(),
                    },
                    transaction,
                    cancellationToken: ct
                )
            );
            await transaction.CommitAsync(ct);
            return (await queries.GetAsync(allocationId, ct), true);
        }

        await transaction.CommitAsync(ct);
        if (existing.RequestHash != hash)
        {
            throw new RuleViolationException(
                "idempotency_key_reused",
                "This Idempotency-Key was used for another allocation.",
                "Idempotency-Key"
            );
        }

        return (await queries.GetAsync(existing.AllocationId, ct), false);
    }

    /// <summary>
    /// The second user's approval: draws the amount from the province fund (422 <c>charity_fund_insufficient</c>
    /// and nothing changes when it holds less) and posts each county's share into its charity fund. The approver's
    /// retry answers the approved allocation again; anyone else finds it decided (409).
    /// </summary>
    public async Task<CharityAllocationView> ApproveAsync(Guid allocationId, string approvedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await LockAsync(connection, transaction, allocationId, ct);
        if (row.Status == "approved" && row.DecidedBy == approvedBy)
        {
            await transaction.CommitAsync(ct);
            return await queries.GetAsync(allocationId, ct);
        }

        RequireUndecided(row);
        if (row.ProposedBy == approvedBy)
        {
            throw new DomainException(
                403,
                "maker_checker",
                "An allocation must be approved by another user than the one who proposed it."
            );
        }

        var shares = (await CharityAllocationQueries.SharesAsync(connection, transaction, [allocationId], ct))
            .GetValueOrDefault(allocationId, [])
            .Where(s => s.AmountFen > 0)
            .ToArray();
        var drawn = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                "SELECT fund_draw(@ProvinceCharity, 0, @AmountFen)",
                new { Accounts.ProvinceCharity, row.AmountFen },
                transaction,
                cancellationToken: ct
            )
        );
        if (drawn < row.AmountFen)
        {
            // Disposing the transaction rolls back what the draw took.
            throw new RuleViolationException(
                "charity_fund_insufficient",
                $"The provincial charity fund holds less than {row.AmountFen} fen; record donations first.",
                "amountFen"
            );
        }

        // Each share spread over its fund's shards (the remainder on shard 0), locked in account and shard order.
        var cells = shares
            .OrderBy(s => s.County, StringComparer.Ordinal)
            .SelectMany(s =>
                Enumerable
                    .Range(0, Accounts.FundShards)
                    .Select(i =>
                        (
                            Account: Accounts.Fund(s.County, FundSources.Charity, null),
                            Shard: (short)i,
                            Amount: s.AmountFen / Accounts.FundShards + (i == 0 ? s.AmountFen % Accounts.FundShards : 0)
                        )
                    )
            )
            .ToArray();
        const string sql = """
            INSERT INTO accounts (account_id, kind, county, source)
            SELECT 'fund:' || c || ':charity', 'fund', c, 'charity' FROM unnest(@Counties) AS c
            ON CONFLICT (account_id) DO NOTHING;
            INSERT INTO fund_shards (account_id, shard, balance_fen)
            SELECT s.account_id, s.shard, s.amount FROM unnest(@CellAccounts, @CellShards, @CellAmounts) AS s
                (account_id, shard, amount)
             ORDER BY s.account_id, s.shard
            ON CONFLICT (account_id, shard) DO UPDATE SET balance_fen = fund_shards.balance_fen + excluded.balance_fen;
            INSERT INTO postings (transaction_id, account_id, amount_fen, kind, booked_at)
            SELECT @AllocationId, x.account_id, x.amount, @Kind, @Now
              FROM unnest(@PostAccounts, @PostAmounts) WITH ORDINALITY AS x (account_id, amount, n) ORDER BY x.n;
            UPDATE charity_allocations SET status = 'approved', decided_by = @ApprovedBy, decided_at = @Now
             WHERE allocation_id = @AllocationId;
            SELECT (SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards WHERE account_id = @ProvinceCharity),
                   (SELECT count(*) FROM charity_allocations WHERE status = 'approved');
            """;
        var (balance, version) = await connection.QuerySingleAsync<(long, long)>(
            new CommandDefinition(
                sql,
                new
                {
                    Counties = shares.Select(s => s.County).ToArray(),
                    CellAccounts = cells.Select(c => c.Account).ToArray(),
                    CellShards = cells.Select(c => c.Shard).ToArray(),
                    CellAmounts = cells.Select(c => c.Amount).ToArray(),
                    AllocationId = allocationId,
                    Kind = PostingKind,
                    Now = now.UtcDateTime,
                    PostAccounts = shares
                        .Select(s => Accounts.Fund(s.County, FundSources.Charity, null))
                        .Prepend(Accounts.ProvinceCharity)
                        .ToArray(),
                    PostAmounts = shares.Select(s => s.AmountFen).Prepend(-row.AmountFen).ToArray(),
                    ApprovedBy = approvedBy,
                    Accounts.ProvinceCharity,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new CharityAllocationApproved
            {
                AggregateId = Accounts.ProvinceCharity,
                AggregateVersion = version,
                Actor = new Actor(ActorKinds.User, approvedBy),
                Reason = row.Note ?? "charity allocation",
                OccurredAt = now,
                AllocationId = allocationId,
                Province = Accounts.Province,
                AmountFen = row.AmountFen,
                BalanceFen = balance,
                MountainOrIslandWeightPermille = row.MountainOrIslandWeightPermille,
                OtherWeightPermille = row.OtherWeightPermille,
                Shares = shares.Select(s => new CharityAllocationShare(s.County, s.AmountFen)).ToArray(),
                ProposedBy = row.ProposedBy,
                ApprovedBy = approvedBy,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return await queries.GetAsync(allocationId, ct);
    }

    /// <summary>Rejects a proposed allocation (the proposer may withdraw their own); nothing is posted.</summary>
    public async Task<CharityAllocationView> RejectAsync(
        Guid allocationId,
        string rejectedBy,
        string? note,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await LockAsync(connection, transaction, allocationId, ct);
        if (!(row.Status == "rejected" && row.DecidedBy == rejectedBy))
        {
            RequireUndecided(row);
            await connection.ExecuteAsync(
                new CommandDefinition(
                    """
                    UPDATE charity_allocations SET status = 'rejected', decided_by = @rejectedBy, decided_at = @Now,
                        decision_note = @note
                     WHERE allocation_id = @allocationId
                    """,
                    new
                    {
                        allocationId,
                        rejectedBy,
                        note,
                        Now = now.UtcDateTime,
                    },
                    transaction,
                    cancellationToken: ct
                )
            );
        }

        await transaction.CommitAsync(ct);
        return await queries.GetAsync(allocationId, ct);
    }

    private static async Task<CharityAllocationRow> LockAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid allocationId,
        CancellationToken ct
    ) =>
        await connection.QuerySingleOrDefaultAsync<CharityAllocationRow>(
            new CommandDefinition(
                "SELECT * FROM charity_allocations WHERE allocation_id = @allocationId FOR UPDATE",
                new { allocationId },
                transaction,
                cancellationToken: ct
            )
        ) ?? throw new NotFoundException("Allocation");

    private static void RequireUndecided(CharityAllocationRow row)
    {
        if (row.Status != "proposed")
        {
            throw new ConflictException("already_decided", $"The allocation was {row.Status} already.");
        }
    }

    private static string RequestHash(long amountFen, IReadOnlyList<string>? counties, string? note)
    {
        var text =
            $"{amountFen}|{(counties is null ? "*" : string.Join(',', counties.Order(StringComparer.Ordinal)))}|{note}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
