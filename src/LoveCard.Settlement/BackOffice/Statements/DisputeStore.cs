using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Statements;

/// <summary>
/// Disputes of statement lines. An accepted dispute books a correction in the CURRENT period, never
/// in the disputed line's period, so a closed month stays as it was (DOMAIN.md §5): a correcting
/// transaction in the core's ledger (fund → provider payable, postings summing to zero, the fund's
/// shards moved with it), kept in <c>statement_corrections</c> and shown as a <c>correction</c> line.
/// Opening and resolving publish <see cref="DisputeOpened"/> and <see cref="DisputeResolved"/> through the
/// outbox in the same transaction (the audit trail's way in, DOMAIN.md §6: every change of money).
/// </summary>
public sealed class DisputeStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns = """
        dispute_id, provider_id, county, purchase_id, claimed_fen, reason, status, raised_by, raised_at,
        resolved_by, resolved_at, resolution_note, correction_id
        """;

    public async Task<DisputeView> RaiseAsync(
        Caller caller,
        Guid purchaseId,
        long claimedFen,
        string reason,
        CancellationToken ct
    )
    {
        const string sql = $"""
            INSERT INTO statement_disputes (dispute_id, provider_id, county, purchase_id, claimed_fen, reason, status,
                raised_by, raised_at)
            SELECT @DisputeId, p.provider_id, p.provider_county, p.purchase_id, @ClaimedFen, @Reason, 'open', @RaisedBy,
                @Now
              FROM purchases p
             WHERE p.purchase_id = @PurchaseId AND p.provider_id = @ProviderId AND p.status IN ('approved', 'voided')
            RETURNING {Columns}
            """;
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var view = await connection.QuerySingleOrDefaultAsync<DisputeView>(
            new CommandDefinition(
                sql,
                new
                {
                    DisputeId = Guid.CreateVersion7(now),
                    ClaimedFen = claimedFen,
                    Reason = reason,
                    RaisedBy = caller.Subject,
                    Now = now.UtcDateTime,
                    PurchaseId = purchaseId,
                    caller.ProviderId,
                },
                transaction,
                cancellationToken: ct
            )
        ) ?? throw new NotFoundException("Purchase");
        await Outbox.AddAsync(
            connection,
            transaction,
            new DisputeOpened
            {
                AggregateId = view.DisputeId.ToString(),
                AggregateVersion = 1,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = reason,
                OccurredAt = now,
                DisputeId = view.DisputeId,
                ProviderId = view.ProviderId,
                County = view.County,
                PurchaseId = view.PurchaseId,
                ClaimedFen = view.ClaimedFen,
                Status = view.Status,
                RaisedBy = view.RaisedBy,
                RaisedAt = view.RaisedAt,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return view;
    }

    public async Task<(long Total, IReadOnlyList<DisputeView> Items)> ListAsync(
        string? county,
        Guid? providerId,
        string? status,
        PageRequest paging,
        CancellationToken ct
    )
    {
        const string sql = $"""
            SELECT count(*) FROM statement_disputes
             WHERE (@County::text IS NULL OR county = @County) AND (@ProviderId::uuid IS NULL OR provider_id =
                 @ProviderId)
               AND (@Status::text IS NULL OR status = @Status);
            SELECT {Columns} FROM statement_disputes
             WHERE (@County::text IS NULL OR county = @County) AND (@ProviderId::uuid IS NULL OR provider_id =
                 @ProviderId)
               AND (@Status::text IS NULL OR status = @Status)
             ORDER BY raised_at DESC, dispute_id OFFSET @Offset LIMIT @Limit;
            """;
        return await dataSource.QueryPageAsync<DisputeView>(
            new CommandDefinition(
                sql,
                new
                {
                    County = county,
                    ProviderId = providerId,
                    Status = status,
                    paging.Offset,
                    Limit = paging.PageSize,
                },
                cancellationToken: ct
            )
        );
    }

    private sealed class DisputedPurchase
    {
        public Guid ProviderId { get; init; }

        public string ProviderCounty { get; init; } = "";

        public Guid? ElderId { get; init; }

        public string? HomeCounty { get; init; }

        public string? VillageCode { get; init; }
    }

    public async Task<DisputeView> ResolveAsync(
        Caller caller,
        Guid disputeId,
        bool accept,
        string? note,
        string source,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var dispute = await connection.QuerySingleOrDefaultAsync<DisputeView>(
            new CommandDefinition(
                $"SELECT {Columns} FROM statement_disputes WHERE dispute_id = @disputeId FOR UPDATE",
                new { disputeId },
                transaction,
                cancellationToken: ct
            )
        );
        caller.RequireVisible(dispute is not null && caller.CoversCounty(dispute.County), "Dispute");
        if (dispute!.Status != "open")
        {
            throw new ConflictException("dispute_resolved", $"The dispute was already {dispute.Status}.");
        }

        Guid? correctionId = null;
        string? correctionCounty = null;
        if (accept)
        {
            correctionId = Guid.CreateVersion7(now);
            correctionCounty = await BookCorrectionAsync(
                connection,
                transaction,
                dispute,
                correctionId.Value,
                source,
                now,
                ct
            );
        }

        const string update = $"""
            UPDATE statement_disputes SET status = @Status, resolved_by = @ResolvedBy, resolved_at = @Now,
                resolution_note = @Note,
                   correction_id = @CorrectionId
             WHERE dispute_id = @DisputeId
            RETURNING {Columns}
            """;
        var view = await connection.QuerySingleAsync<DisputeView>(
            new CommandDefinition(
                update,
                new
                {
                    Status = accept ? "accepted" : "rejected",
                    ResolvedBy = caller.Subject,
                    Now = now.UtcDateTime,
                    Note = note,
                    CorrectionId = correctionId,
                    DisputeId = disputeId,
                },
                transaction,
                cancellationToken: ct
            )
        );

        // A dispute is opened once (version 1) and resolved once (version 2): the open-status check above holds the row
        // lock.
        await Outbox.AddAsync(
            connection,
            transaction,
            new DisputeResolved
            {
                AggregateId = view.DisputeId.ToString(),
                AggregateVersion = 2,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = string.IsNullOrWhiteSpace(note) ? view.Status : note,
                OccurredAt = now,
                DisputeId = view.DisputeId,
                ProviderId = view.ProviderId,
                County = view.County,
                PurchaseId = view.PurchaseId,
                ClaimedFen = view.ClaimedFen,
                Status = view.Status,
                ResolvedBy = caller.Subject,
                ResolvedAt = view.ResolvedAt ?? now,
                ResolutionNote = view.ResolutionNote,
                CorrectionId = correctionId,
                CorrectionSource = accept ? source : null,
                CorrectionFen = accept ? view.ClaimedFen : 0,
                CorrectionCounty = correctionCounty,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return view;
    }

    /// <summary>Books the correction; answers the county whose fund paid it (the elder's home county).</summary>
    private static async Task<string> BookCorrectionAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        DisputeView dispute,
        Guid correctionId,
        string source,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        var purchase = await connection.QuerySingleAsync<DisputedPurchase>(
            new CommandDefinition(
                "SELECT provider_id, provider_county, elder_id, home_county, village_code FROM purchases WHERE "
                    + "purchase_id = @PurchaseId",
                new { dispute.PurchaseId },
                transaction,
                cancellationToken: ct
            )
        );
        var homeCounty = purchase.HomeCounty ?? purchase.ProviderCounty;
        var fund = Accounts.Fund(homeCounty, source, purchase.VillageCode ?? "none");
        var amount = dispute.ClaimedFen;

        // The fund's shards move with its postings (011_ledger_funds.sql): a payment draws through
        // the core's fund_draw (zero floor, lock order), a give-back credits shard 0.
        if (amount > 0)
        {
            var drawn = await connection.ExecuteScalarAsync<long?>(
                new CommandDefinition(
                    "SELECT fund_draw(@fund, 0, @amount)",
                    new { fund, amount },
                    transaction,
                    cancellationToken: ct
                )
            ) ?? 0;
            if (drawn < amount)
            {
                throw new ConflictException(
                    "fund_insufficient",
                    $"The {source} fund of {homeCounty} holds less than the {amount} fen to correct."
                );
            }
        }
        else
        {
            var credited = await connection.ExecuteAsync(
                new CommandDefinition(
                    "UPDATE fund_shards SET balance_fen = balance_fen + @back WHERE account_id = @fund AND shard = 0",
                    new { fund, back = -amount },
                    transaction,
                    cancellationToken: ct
                )
            );
            if (credited == 0)
            {
                throw new ConflictException(
                    "fund_unknown",
                    $"The {source} fund of {homeCounty} has no account to return {-amount} fen to."
                );
            }
        }

        // purchase_id stays NULL on the correction's postings: a purchase's own postings must keep
        // equalling its split less what came back; the correction is tied to it here instead.
        const string sql = """
            INSERT INTO accounts (account_id, kind, county, provider_id) VALUES (@Payable, 'payable', @ProviderCounty,
                @ProviderId)
            ON CONFLICT (account_id) DO NOTHING;
            INSERT INTO postings (transaction_id, account_id, amount_fen, kind, purchase_id, booked_at)
            VALUES (@CorrectionId, @Fund, -@Amount, 'correction', NULL, @Now), (@CorrectionId, @Payable, @Amount,
                'correction', NULL, @Now);
            INSERT INTO statement_corrections (correction_id, dispute_id, provider_id, provider_county, purchase_id,
                elder_id, home_county,
                source, amount_fen, booked_at)
            VALUES (@CorrectionId, @DisputeId, @ProviderId, @ProviderCounty, @PurchaseId, @ElderId, @HomeCounty,
                @Source, @Amount, @Now);
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    Payable = Accounts.Payable(purchase.ProviderId),
                    purchase.ProviderCounty,
                    purchase.ProviderId,
                    CorrectionId = correctionId,
                    Fund = fund,
                    Amount = amount,
                    Now = now.UtcDateTime,
                    dispute.DisputeId,
                    dispute.PurchaseId,
                    purchase.ElderId,
                    HomeCounty = homeCounty,
                    Source = source,
                },
                transaction,
                cancellationToken: ct
            )
        );
        return homeCounty;
    }
}
