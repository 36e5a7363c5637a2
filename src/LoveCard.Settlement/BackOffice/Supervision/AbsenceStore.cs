using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using Npgsql;

namespace LoveCard.Settlement.BackOffice.Supervision;

/// <summary>
/// Elders' absences (hospital or away), the source of the <c>during_absence</c> rule (DOMAIN.md §6;
/// why settlement keeps them: docs/decisions/0005-elder-absences.md). Recording one publishes
/// <see cref="ElderAbsenceRecorded"/> (the audit trail's way in) and checks, in the same transaction,
/// the purchases already booked in it: an absence is usually written down after the elder is back.
/// </summary>
public sealed class AbsenceStore(NpgsqlDataSource dataSource, AnomalyScanner scanner, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Kinds = ["hospital", "away"];

    private const string Columns = """
        absence_id, elder_id, county, kind, from_at AS "from", to_at AS "to", reason, recorded_by, recorded_at,
        status, version, changed_by, changed_at, change_reason
        """;

    public async Task<(AbsenceView Absence, IReadOnlyList<Guid> AnomalyIds)> RecordAsync(
        Caller caller,
        Guid elderId,
        string county,
        string kind,
        DateTimeOffset from,
        DateTimeOffset to,
        string reason,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        // One elder's absences do not overlap (an overlap would flag the same purchase twice); the
        // lock makes the check and the insert one step against a concurrent recording.
        const string lockSql =
            "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended('elder-absence:' || @elderId::text, 0))) AS "
            + "locked";
        await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(lockSql, new { elderId }, transaction, cancellationToken: ct)
        );
        const string overlapSql = """
            SELECT absence_id FROM elder_absences
             WHERE elder_id = @elderId AND status = 'recorded' AND from_at < @to AND to_at > @from LIMIT 1
            """;
        var existing = await connection.ExecuteScalarAsync<Guid?>(
            new CommandDefinition(
                overlapSql,
                new
                {
                    elderId,
                    from = from.UtcDateTime,
                    to = to.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );
        if (existing is not null)
        {
            throw new ConflictException(
                "absence_overlaps",
                $"The elder already has absence {existing} in that period."
            );
        }

        const string insertSql = $"""
            INSERT INTO elder_absences (absence_id, elder_id, county, kind, from_at, to_at, reason, recorded_by,
                recorded_at)
            VALUES (@AbsenceId, @ElderId, @County, @Kind, @From, @To, @Reason, @RecordedBy, @Now)
            RETURNING {Columns}
            """;
        var view = await connection.QuerySingleAsync<AbsenceView>(
            new CommandDefinition(
                insertSql,
                new
                {
                    AbsenceId = Guid.CreateVersion7(now),
                    ElderId = elderId,
                    County = county,
                    Kind = kind,
                    From = from.UtcDateTime,
                    To = to.UtcDateTime,
                    Reason = reason,
                    RecordedBy = caller.Subject,
                    Now = now.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );

        var actor = new Actor(ActorKinds.User, caller.Subject);
        await Outbox.AddAsync(
            connection,
            transaction,
            new ElderAbsenceRecorded
            {
                AggregateId = view.AbsenceId.ToString(),
                AggregateVersion = 1,
                Actor = actor,
                Reason = reason,
                OccurredAt = now,
                AbsenceId = view.AbsenceId,
                ElderId = elderId,
                County = county,
                Kind = kind,
                From = view.From,
                To = view.To,
                RecordedBy = caller.Subject,
            },
            ct
        );
        var anomalies = await scanner.ScanAbsenceAsync(connection, transaction, view.AbsenceId, actor, ct);
        await transaction.CommitAsync(ct);
        return (view, anomalies);
    }

    /// <summary>
    /// Shortens (new bounds inside the old ones) or withdraws (<paramref name="withdraw"/>) a recorded absence,
    /// with a reason and <see cref="ElderAbsenceChanged"/>. Anomalies it raised stay for the bureau to dismiss.
    /// </summary>
    public async Task<AbsenceView> ChangeAsync(
        Caller caller,
        Guid absenceId,
        DateTimeOffset? from,
        DateTimeOffset? to,
        bool withdraw,
        string reason,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<AbsenceView>(
            new CommandDefinition(
                $"SELECT {Columns} FROM elder_absences WHERE absence_id = @absenceId FOR UPDATE",
                new { absenceId },
                transaction,
                cancellationToken: ct
            )
        );
        caller.RequireVisible(current is not null && caller.CoversCounty(current.County), "Absence");
        if (current!.Status == "withdrawn")
        {
            throw new ConflictException("absence_withdrawn", "The absence was withdrawn; record a new one instead.");
        }

        var newFrom = from ?? current.From;
        var newTo = to ?? current.To;
        var errors = new ValidationErrors();
        if (newFrom < current.From)
        {
            errors.Add(
                "from",
                "not_shorter",
                "An absence can only be shortened: from is not before the recorded from."
            );
        }

        if (newTo > current.To)
        {
            errors.Add("to", "not_shorter", "An absence can only be shortened: to is not after the recorded to.");
        }
        else if (newTo <= newFrom)
        {
            errors.Add("to", "not_after_from", "to must be after from.");
        }

        errors.ThrowIfAny();
        const string sql = $"""
            UPDATE elder_absences SET from_at = @from, to_at = @to, status = @status, version = version + 1,
                   changed_by = @by, changed_at = @now, change_reason = @reason
             WHERE absence_id = @absenceId
            RETURNING {Columns}
            """;
        var view = await connection.QuerySingleAsync<AbsenceView>(
            new CommandDefinition(
                sql,
                new
                {
                    from = newFrom.UtcDateTime,
                    to = newTo.UtcDateTime,
                    status = withdraw ? "withdrawn" : "recorded",
                    by = caller.Subject,
                    now = now.UtcDateTime,
                    reason,
                    absenceId,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new ElderAbsenceChanged
            {
                AggregateId = absenceId.ToString(),
                AggregateVersion = view.Version,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = reason,
                OccurredAt = now,
                AbsenceId = absenceId,
                ElderId = view.ElderId,
                County = view.County,
                Kind = view.Kind,
                From = view.From,
                To = view.To,
                Status = view.Status,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return view;
    }

    public async Task<AbsenceView?> GetAsync(Guid absenceId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<AbsenceView>(
            new CommandDefinition(
                $"SELECT {Columns} FROM elder_absences WHERE absence_id = @absenceId",
                new { absenceId },
                cancellationToken: ct
            )
        );
    }

    public async Task<(long Total, IReadOnlyList<AbsenceView> Items)> ListAsync(
        string county,
        Guid? elderId,
        string? kind,
        PageRequest paging,
        CancellationToken ct
    )
    {
        const string sql = $"""
            SELECT count(*) FROM elder_absences
             WHERE county = @County AND (@ElderId::uuid IS NULL OR elder_id = @ElderId) AND (@Kind::text IS NULL OR kind
                 = @Kind);
            SELECT {Columns} FROM elder_absences
             WHERE county = @County AND (@ElderId::uuid IS NULL OR elder_id = @ElderId) AND (@Kind::text IS NULL OR kind
                 = @Kind)
             ORDER BY from_at DESC, absence_id OFFSET @Offset LIMIT @Limit;
            """;
        return await dataSource.QueryPageAsync<AbsenceView>(
            new CommandDefinition(
                sql,
                new
                {
                    County = county,
                    ElderId = elderId,
                    Kind = kind,
                    paging.Offset,
                    Limit = paging.PageSize,
                },
                cancellationToken: ct
            )
        );
    }
}
