using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Recoveries;

/// <summary>
/// Recoveries (追回, DOMAIN.md §8): a bureau user proposes, another approves (maker-checker), and the
/// approval books them (<see cref="RecoveryBooking"/>). The subject of a recovery is one provider: the
/// money comes off its payable, so all its purchases must be that provider's.
/// </summary>
public sealed class RecoveryStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>At most this many purchases in one recovery (an anomaly lists fewer).</summary>
    public const int MaxPurchases = 500;

    private const string Columns = """
        recovery_id, county, provider_id, anomaly_id, reason, status, proposed_fen, amount_fen, proposed_by,
        proposed_at, approved_by, approved_at
        """;

    private sealed class Candidate
    {
        public Guid PurchaseId { get; init; }

        public Guid ProviderId { get; init; }

        public string ProviderCounty { get; init; } = "";

        public string Status { get; init; } = "";

        public long HeldFen { get; init; }

        public bool Pending { get; init; }
    }

    public async Task<RecoveryView> ProposeAsync(
        Caller caller,
        IReadOnlyList<Guid> purchaseIds,
        Guid? anomalyId,
        string reason,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var ids = purchaseIds.ToList();
        if (anomalyId is { } anomaly)
        {
            ids.AddRange(await AnomalyPurchasesAsync(connection, transaction, caller, anomaly, ct));
        }

        ids = ids.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new RuleViolationException("nothing_to_recover", "The anomaly names no purchase.", "anomalyId");
        }

        if (ids.Count > MaxPurchases)
        {
            throw new BadInputException(
                "purchaseIds",
                "too_many",
                $"A recovery names at most {MaxPurchases} purchases."
            );
        }

        // Locked so two proposals of one purchase queue, and the second sees the first pending.
        const string read = """
            SELECT p.purchase_id, p.provider_id, p.provider_county, p.status,
                   (p.fiscal_fen + p.collective_fen + p.charity_fen)
                   - (p.fiscal_back_fen + p.collective_back_fen + p.charity_back_fen) AS held_fen,
                   EXISTS (SELECT 1 FROM recovery_lines l JOIN recoveries r ON r.recovery_id = l.recovery_id
                            WHERE l.purchase_id = p.purchase_id AND r.status = 'proposed') AS pending
              FROM purchases p WHERE p.purchase_id = ANY(@ids) ORDER BY p.purchase_id FOR UPDATE OF p
            """;
        var found = (
            await connection.QueryAsync<Candidate>(
                new CommandDefinition(read, new { ids = ids.ToArray() }, transaction, cancellationToken: ct)
            )
        ).AsList();
        caller.RequireVisible(
            found.Count == ids.Count && found.All(p => caller.CoversCounty(p.ProviderCounty)),
            "Purchase"
        );
        if (found.Select(p => p.ProviderId).Distinct().Count() > 1)
        {
            throw new RuleViolationException(
                "several_providers",
                "A recovery concerns one provider's purchases.",
                "purchaseIds"
            );
        }

        if (found.Any(p => p.Pending))
        {
            throw new ConflictException(
                "recovery_pending",
                "A purchase is already in a recovery waiting for approval."
            );
        }

        var lines = found.Where(p => p.Status is "approved" && p.HeldFen > 0).ToList();
        if (lines.Count == 0)
        {
            throw new ConflictException("nothing_to_recover", "The provider holds no subsidy on these purchases.");
        }

        var now = time.GetUtcNow();
        var recoveryId = Guid.CreateVersion7(now);
        var provider = lines[0];
        const string insert = """
            INSERT INTO recoveries (recovery_id, county, provider_id, anomaly_id, reason, status, proposed_fen,
                proposed_by, proposed_at)
            VALUES (@recoveryId, @county, @providerId, @anomalyId, @reason, 'proposed', @proposedFen, @by, @now);
            INSERT INTO recovery_lines (recovery_id, purchase_id, line_id, provider_id, provider_county, elder_id,
                home_county, item)
            SELECT @recoveryId, p.purchase_id, gen_random_uuid(), p.provider_id, p.provider_county, p.elder_id,
                p.home_county, p.item
              FROM purchases p WHERE p.purchase_id = ANY(@lineIds);
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                insert,
                new
                {
                    recoveryId,
                    county = provider.ProviderCounty,
                    providerId = provider.ProviderId,
                    anomalyId,
                    reason,
                    proposedFen = lines.Sum(l => l.HeldFen),
                    by = caller.Subject,
                    now = now.UtcDateTime,
                    lineIds = lines.Select(l => l.PurchaseId).ToArray(),
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new RecoveryProposed
            {
                AggregateId = recoveryId.ToString(),
                AggregateVersion = 1,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = reason,
                OccurredAt = now,
                RecoveryId = recoveryId,
                County = provider.ProviderCounty,
                ProviderId = provider.ProviderId,
                AnomalyId = anomalyId,
                PurchaseIds = lines.Select(l => l.PurchaseId).ToArray(),
                ProposedFen = lines.Sum(l => l.HeldFen),
            },
            ct
        );
        var view = (await LoadAsync(connection, transaction, recoveryId, ct))!;
        await transaction.CommitAsync(ct);
        return view;
    }

    /// <summary>Approves and books a proposed recovery; the approver must not be the proposer.</summary>
    public async Task<RecoveryView> ApproveAsync(Caller caller, Guid recoveryId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var recovery = await connection.QuerySingleOrDefaultAsync<RecoveryView>(
            new CommandDefinition(
                $"SELECT {Columns} FROM recoveries WHERE recovery_id = @recoveryId FOR UPDATE",
                new { recoveryId },
                transaction,
                cancellationToken: ct
            )
        );
        caller.RequireVisible(recovery is not null && caller.CoversCounty(recovery.County), "Recovery");
        if (recovery!.Status != "proposed")
        {
            throw new ConflictException("already_approved", "The recovery was approved already.");
        }

        if (recovery.ProposedBy == caller.Subject)
        {
            throw new DomainException(
                403,
                "maker_checker",
                "A recovery must be approved by another user than the one who proposed it."
            );
        }

        var now = time.GetUtcNow();
        var total = await RecoveryBooking.BookAsync(connection, transaction, recoveryId, now, ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                """
                UPDATE recoveries SET status = 'approved', amount_fen = @amount, approved_by = @by, approved_at = @now
                 WHERE recovery_id = @recoveryId
                """,
                new
                {
                    amount = total.SubsidyFen,
                    by = caller.Subject,
                    now = now.UtcDateTime,
                    recoveryId,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new RecoveryApproved
            {
                AggregateId = recoveryId.ToString(),
                AggregateVersion = 2,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = recovery.Reason,
                OccurredAt = now,
                RecoveryId = recoveryId,
                County = recovery.County,
                ProviderId = recovery.ProviderId,
                AmountFen = total.SubsidyFen,
                FiscalFen = total.FiscalFen,
                CollectiveFen = total.CollectiveFen,
                CharityFen = total.CharityFen,
                BookedAt = now,
            },
            ct
        );
        var view = (await LoadAsync(connection, transaction, recoveryId, ct))!;
        await transaction.CommitAsync(ct);
        return view;
    }

    public async Task<RecoveryView?> GetAsync(Guid recoveryId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await LoadAsync(connection, null, recoveryId, ct);
    }

    private static async Task<IEnumerable<Guid>> AnomalyPurchasesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Caller caller,
        Guid anomalyId,
        CancellationToken ct
    )
    {
        // An anomaly names its purchase, and a rule that groups several lists them in its evidence.
        const string sql = """
            SELECT county, purchase_id AS first,
                   ARRAY(SELECT jsonb_array_elements_text(coalesce(evidence -> 'purchaseIds', '[]'::jsonb))::uuid) AS
                       listed
              FROM anomalies WHERE anomaly_id = @anomalyId
            """;
        var anomaly = await connection.QuerySingleOrDefaultAsync<(string County, Guid? First, Guid[] Listed)?>(
            new CommandDefinition(sql, new { anomalyId }, transaction, cancellationToken: ct)
        );
        caller.RequireVisible(anomaly is { } a && caller.CoversCounty(a.County), "Anomaly");
        var (_, first, listed) = anomaly!.Value;
        return first is { } one ? listed.Append(one) : listed;
    }

    private static async Task<RecoveryView?> LoadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        Guid recoveryId,
        CancellationToken ct
    )
    {
        var sql = $"""
            SELECT {Columns} FROM recoveries WHERE recovery_id = @recoveryId;
            SELECT purchase_id, elder_id, home_county, item, amount_fen, fiscal_fen, collective_fen, charity_fen,
                booked_at
              FROM recovery_lines WHERE recovery_id = @recoveryId ORDER BY purchase_id;
            """;
        await using var multi = await connection.QueryMultipleAsync(
            new CommandDefinition(sql, new { recoveryId }, transaction, cancellationToken: ct)
        );
        var view = await multi.ReadSingleOrDefaultAsync<RecoveryView>();
        if (view is not null)
        {
            view.Lines = (await multi.ReadAsync<RecoveryLineView>()).AsList();
        }

        return view;
    }
}
