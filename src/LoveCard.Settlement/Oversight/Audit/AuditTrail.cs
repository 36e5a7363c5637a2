using System.Data;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Hosting;
using Npgsql;

namespace LoveCard.Settlement.Oversight.Audit;

/// <summary>
/// The audit trail's store: appends hash-chained entries (serialised on the chain-head row),
/// lists, verifies and exports them, and anchors the head (DOMAIN.md §6; docs/audit-trail.md).
/// </summary>
public sealed class AuditTrail(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns = """
        seq, message_id, event_type, aggregate_id, aggregate_version, actor_kind, actor_id, reason,
        county, related_county, occurred_at, recorded_at, summary, prev_hash, hash
        """;

    /// <summary>
    /// Appends one entry per message, in the order given, in the consumer's transaction (ADR 0042: a batch of
    /// events is one head lock, one insert and one head update). The chain-head row is locked FOR UPDATE first,
    /// so concurrent consumers append one batch after another and every entry's prev_hash is the hash of the
    /// entry before it, whether that entry is in this batch or an earlier one; the lock is held until the
    /// consumer commits.
    /// </summary>
    public async Task<IReadOnlyList<AuditRecord>> AppendAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<(Guid MessageId, IntegrationEvent Message)> messages,
        CancellationToken ct
    )
    {
        const string headSql = "SELECT seq, hash FROM audit_chain_head WHERE id FOR UPDATE";
        var head = await connection.QuerySingleAsync<ChainHead>(
            new CommandDefinition(headSql, transaction: transaction, cancellationToken: ct)
        );

        var entries = new List<AuditRecord>(messages.Count);
        var (seq, prevHash) = (head.Seq, head.Hash);
        foreach (var (messageId, message) in messages)
        {
            var (county, related) = AuditSummary.Counties(message);
            if (county is null)
            {
                (county, related) = await InheritCountiesAsync(connection, transaction, entries, message, ct);
            }

            var draft = new AuditRecord(
                ++seq,
                messageId,
                message.GetType().Name,
                message.AggregateId,
                message.AggregateVersion,
                message.Actor.Kind,
                message.Actor.Id,
                message.Reason,
                county,
                related,
                AuditHash.ToStoredPrecision(message.OccurredAt),
                AuditHash.ToStoredPrecision(time.GetUtcNow()),
                AuditSummary.Summarise(message),
                prevHash,
                ""
            );
            var entry = draft with { Hash = AuditHash.Compute(draft) };
            entries.Add(entry);
            prevHash = entry.Hash;
        }

        const string insertSql = """
            INSERT INTO audit_entries (seq, message_id, event_type, aggregate_id, aggregate_version, actor_kind,
                actor_id, reason, county, related_county, occurred_at, recorded_at, summary, prev_hash, hash)
            SELECT * FROM unnest(@Seq, @MessageId, @EventType, @AggregateId, @AggregateVersion, @ActorKind, @ActorId,
                @Reason, @County::text[], @RelatedCounty::text[], @OccurredAt, @RecordedAt, @Summary, @PrevHash, @Hash);
            UPDATE audit_chain_head SET seq = @HeadSeq, hash = @HeadHash WHERE id;
            """;
        var columns = new
        {
            Seq = entries.Select(e => e.Seq).ToArray(),
            MessageId = entries.Select(e => e.MessageId).ToArray(),
            EventType = entries.Select(e => e.EventType).ToArray(),
            AggregateId = entries.Select(e => e.AggregateId).ToArray(),
            AggregateVersion = entries.Select(e => e.AggregateVersion).ToArray(),
            ActorKind = entries.Select(e => e.ActorKind).ToArray(),
            ActorId = entries.Select(e => e.ActorId).ToArray(),
            Reason = entries.Select(e => e.Reason).ToArray(),
            County = entries.Select(e => e.County).ToArray(),
            RelatedCounty = entries.Select(e => e.RelatedCounty).ToArray(),
            OccurredAt = entries.Select(e => e.OccurredAt).ToArray(),
            RecordedAt = entries.Select(e => e.RecordedAt).ToArray(),
            Summary = entries.Select(e => e.Summary).ToArray(),
            PrevHash = entries.Select(e => e.PrevHash).ToArray(),
            Hash = entries.Select(e => e.Hash).ToArray(),
            HeadSeq = seq,
            HeadHash = prevHash,
        };
        await connection.ExecuteAsync(new CommandDefinition(insertSql, columns, transaction, cancellationToken: ct));
        return entries;
    }

    /// <summary>
    /// A reversal or a terminal disable names no county: it belongs where its aggregate does, as the newest
    /// entry of that aggregate says, in this batch or already stored.
    /// </summary>
    private static async Task<(string? County, string? Related)> InheritCountiesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<AuditRecord> batch,
        IntegrationEvent message,
        CancellationToken ct
    )
    {
        for (var i = batch.Count - 1; i >= 0; i--)
        {
            if (batch[i].AggregateId == message.AggregateId && batch[i].County is not null)
            {
                return (batch[i].County, batch[i].RelatedCounty);
            }
        }

        const string inheritSql = """
            SELECT county, related_county FROM audit_entries
            WHERE aggregate_id = @AggregateId AND county IS NOT NULL
            ORDER BY seq DESC LIMIT 1
            """;
        var inherited = await connection.QueryFirstOrDefaultAsync<CountyPair>(
            new CommandDefinition(inheritSql, new { message.AggregateId }, transaction, cancellationToken: ct)
        );
        return (inherited?.County, inherited?.RelatedCounty);
    }

    /// <summary>One page of entries, newest first; <paramref name="county"/> matches either county of an
    /// entry.</summary>
    public async Task<(IReadOnlyList<AuditRecord> Items, long Total)> ListAsync(AuditQuery q, CancellationToken ct)
    {
        const string sql = $"""
            SELECT count(*) FROM audit_entries
            WHERE (@County::text IS NULL OR county = @County OR related_county = @County)
              AND (@AggregateId::text IS NULL OR aggregate_id = @AggregateId)
              AND (@Type::text IS NULL OR event_type = @Type)
              AND (@From::timestamptz IS NULL OR occurred_at >= @From)
              AND (@To::timestamptz IS NULL OR occurred_at < @To);
            SELECT {Columns} FROM audit_entries
            WHERE (@County::text IS NULL OR county = @County OR related_county = @County)
              AND (@AggregateId::text IS NULL OR aggregate_id = @AggregateId)
              AND (@Type::text IS NULL OR event_type = @Type)
              AND (@From::timestamptz IS NULL OR occurred_at >= @From)
              AND (@To::timestamptz IS NULL OR occurred_at < @To)
            ORDER BY seq DESC
            LIMIT @PageSize OFFSET @Offset
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(
                sql,
                new
                {
                    q.County,
                    q.AggregateId,
                    q.Type,
                    q.From,
                    q.To,
                    q.PageSize,
                    Offset = (long)(q.Page - 1) * q.PageSize,
                },
                cancellationToken: ct
            )
        );
        var total = await grid.ReadSingleAsync<long>();
        var rows = await grid.ReadAsync<AuditRow>();
        return (rows.Select(r => r.ToRecord()).ToList(), total);
    }

    /// <summary>
    /// Walks the whole chain in one snapshot (REPEATABLE READ, so entries appended meanwhile neither
    /// show nor disagree with the head), against the stored anchors, the head row and an optional
    /// anchor the auditor holds.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(AuditAnchor? external, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var head = await connection.QuerySingleAsync<ChainHead>(
            new CommandDefinition(
                "SELECT seq, hash FROM audit_chain_head WHERE id",
                transaction: transaction,
                cancellationToken: ct
            )
        );
        var anchors = (
            await connection.QueryAsync<ChainHead>(
                new CommandDefinition(
                    "SELECT seq, hash FROM audit_anchors",
                    transaction: transaction,
                    cancellationToken: ct
                )
            )
        )
            .Select(a => new AuditAnchor(a.Seq, a.Hash))
            .Concat(external is null ? [] : [external]);
        var check = new AuditChainCheck(anchors);
        await foreach (
            var row in connection
                .QueryUnbufferedAsync<AuditRow>(
                    $"SELECT {Columns} FROM audit_entries ORDER BY seq",
                    transaction: transaction
                )
                .WithCancellation(ct)
        )
        {
            if (!check.Add(row.ToRecord()))
            {
                break;
            }
        }

        var result = check.Finish(new AuditAnchor(head.Seq, head.Hash));
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Streams the whole chain in seq order, in one snapshot, without holding it in memory.</summary>
    public async IAsyncEnumerable<AuditRecord> ExportAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await foreach (
            var row in connection
                .QueryUnbufferedAsync<AuditRow>(
                    $"SELECT {Columns} FROM audit_entries ORDER BY seq",
                    transaction: transaction
                )
                .WithCancellation(ct)
        )
        {
            yield return row.ToRecord();
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Records the chain's current head as today's anchor; null while the chain is empty.</summary>
    public async Task<AuditAnchorRow?> AnchorAsync(DateTimeOffset now, CancellationToken ct)
    {
        // Re-anchoring the same head on the same day is a no-op (the anchors are append-only too).
        const string sql = """
            WITH head AS (SELECT seq, hash FROM audit_chain_head WHERE id AND seq > 0),
                 inserted AS (
                     INSERT INTO audit_anchors (anchored_on, seq, hash, anchored_at)
                     SELECT @day, seq, hash, @now FROM head
                     ON CONFLICT (anchored_on, seq) DO NOTHING
                     RETURNING anchored_on, seq, hash, anchored_at)
            SELECT anchored_on, seq, hash, anchored_at FROM inserted
            UNION ALL
            SELECT a.anchored_on, a.seq, a.hash, a.anchored_at FROM audit_anchors a JOIN head h ON a.seq = h.seq AND
                a.anchored_on = @day
            LIMIT 1
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<AnchorRow>(
            new CommandDefinition(sql, new { day = Shanghai.Today(now), now }, cancellationToken: ct)
        );
        return row?.ToView();
    }

    public async Task<(IReadOnlyList<AuditAnchorRow> Items, long Total)> ListAnchorsAsync(
        int page,
        int pageSize,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT count(*) FROM audit_anchors;
            SELECT anchored_on, seq, hash, anchored_at FROM audit_anchors ORDER BY id DESC LIMIT @pageSize OFFSET
                @offset
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(sql, new { pageSize, offset = (long)(page - 1) * pageSize }, cancellationToken: ct)
        );
        var total = await grid.ReadSingleAsync<long>();
        var rows = await grid.ReadAsync<AnchorRow>();
        return (rows.Select(r => r.ToView()).ToList(), total);
    }

    private sealed record ChainHead(long Seq, string Hash);

    private sealed class CountyPair
    {
        public string? County { get; init; }

        public string? RelatedCounty { get; init; }
    }

    private sealed class AnchorRow
    {
        public DateOnly AnchoredOn { get; init; }

        public long Seq { get; init; }

        public string Hash { get; init; } = "";

        public DateTime AnchoredAt { get; init; }

        public AuditAnchorRow ToView() =>
            new(AnchoredOn, Seq, Hash, new DateTimeOffset(DateTime.SpecifyKind(AnchoredAt, DateTimeKind.Utc)));
    }

    private sealed class AuditRow
    {
        public long Seq { get; init; }

        public Guid MessageId { get; init; }

        public string EventType { get; init; } = "";

        public string AggregateId { get; init; } = "";

        public long AggregateVersion { get; init; }

        public string ActorKind { get; init; } = "";

        public string ActorId { get; init; } = "";

        public string Reason { get; init; } = "";

        public string? County { get; init; }

        public string? RelatedCounty { get; init; }

        public DateTime OccurredAt { get; init; }

        public DateTime RecordedAt { get; init; }

        public string Summary { get; init; } = "";

        public string PrevHash { get; init; } = "";

        public string Hash { get; init; } = "";

        public AuditRecord ToRecord() =>
            new(
                Seq,
                MessageId,
                EventType,
                AggregateId,
                AggregateVersion,
                ActorKind,
                ActorId,
                Reason,
                County,
                RelatedCounty,
                Utc(OccurredAt),
                Utc(RecordedAt),
                Summary,
                PrevHash,
                Hash
            );

        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
    }
}
