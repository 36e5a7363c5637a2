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

/// <summary>Auditors' list of anomalies and their resolution (confirmed or dismissed, with a note).</summary>
public sealed class AnomalyStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private const string Columns = """
        anomaly_id, rule, county, provider_id, card_id, purchase_id, credit_points, evidence::text AS evidence,
        status, raised_at, resolved_by, resolved_at, resolution_note
        """;

    /// <summary>A county's anomalies, or (<paramref name="county"/> null, the province) every county's.</summary>
    public async Task<(long Total, IReadOnlyList<AnomalyView> Items)> ListAsync(
        string? county,
        string? rule,
        string? status,
        PageRequest paging,
        CancellationToken ct
    )
    {
        var orderBy = paging.OrderBy is { Length: > 0 } order ? order : "raised_at DESC, anomaly_id";
        // Only one of two constant texts is put in: the county's index is used when a county is named.
        var where = county is null ? "" : "county = @County AND ";
        var sql = $"""
            SELECT count(*) FROM anomalies
             WHERE {where}(@Rule::text IS NULL OR rule = @Rule) AND (@Status::text IS NULL OR status = @Status);
            SELECT {Columns} FROM anomalies
             WHERE {where}(@Rule::text IS NULL OR rule = @Rule) AND (@Status::text IS NULL OR status = @Status)
             ORDER BY {orderBy} OFFSET @Offset LIMIT @Limit;
            """;
        return await dataSource.QueryPageAsync<AnomalyView>(
            new CommandDefinition(
                sql,
                new
                {
                    County = county,
                    Rule = rule,
                    Status = status,
                    paging.Offset,
                    Limit = paging.PageSize,
                },
                cancellationToken: ct
            )
        );
    }

    /// <summary>
    /// Confirms or dismisses an open anomaly and publishes <see cref="AnomalyResolved"/> in the same transaction:
    /// a dismissal gives the provider back the credit points the anomaly cost (DOMAIN.md §8 "Credit").
    /// </summary>
    public async Task<AnomalyView> ResolveAsync(
        Caller caller,
        Guid anomalyId,
        string status,
        string? note,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var county = await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(
                "SELECT county FROM anomalies WHERE anomaly_id = @anomalyId",
                new { anomalyId },
                transaction,
                cancellationToken: ct
            )
        );
        caller.RequireVisible(county is not null && caller.CoversCounty(county), "Anomaly");
        const string sql = $"""
            UPDATE anomalies SET status = @status, resolved_by = @by, resolved_at = @now, resolution_note = @note
             WHERE anomaly_id = @anomalyId AND status = 'open'
            RETURNING {Columns}
            """;
        var now = time.GetUtcNow();
        var view = await connection.QuerySingleOrDefaultAsync<AnomalyView>(
            new CommandDefinition(
                sql,
                new
                {
                    status,
                    by = caller.Subject,
                    now = now.UtcDateTime,
                    note,
                    anomalyId,
                },
                transaction,
                cancellationToken: ct
            )
        ) ?? throw new ConflictException("anomaly_resolved", "The anomaly was already resolved.");
        await Outbox.AddAsync(
            connection,
            transaction,
            new AnomalyResolved
            {
                AggregateId = anomalyId.ToString(),
                AggregateVersion = 2,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = note ?? status,
                OccurredAt = now,
                AnomalyId = anomalyId,
                Rule = view.Rule,
                County = view.County,
                ProviderId = view.ProviderId,
                Status = status,
                CreditPoints = view.CreditPoints,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return view;
    }

    /// <summary>
    /// The anomalies of the providers placed in <paramref name="township"/> of <paramref name="county"/>: what a
    /// township or village official reads (ADR 0044). Anomalies of no provider (a card's) are not theirs.
    /// </summary>
    public async Task<(long Total, IReadOnlyList<AnomalyView> Items)> ListForTownshipAsync(
        string county,
        string township,
        string? rule,
        string? status,
        PageRequest paging,
        CancellationToken ct
    )
    {
        var orderBy = paging.OrderBy is { Length: > 0 } order ? order : "raised_at DESC, anomaly_id";
        const string where = """
             WHERE county = @County AND (@Rule::text IS NULL OR rule = @Rule)
               AND (@Status::text IS NULL OR status = @Status)
               AND provider_id IN (SELECT provider_id FROM rm_providers WHERE county = @County AND township = @Township)
            """;
        var sql = $"""
            SELECT count(*) FROM anomalies {where};
            SELECT {Columns} FROM anomalies {where}
             ORDER BY {orderBy} OFFSET @Offset LIMIT @Limit;
            """;
        return await dataSource.QueryPageAsync<AnomalyView>(
            new CommandDefinition(
                sql,
                new
                {
                    County = county,
                    Township = township,
                    Rule = rule,
                    Status = status,
                    paging.Offset,
                    Limit = paging.PageSize,
                },
                cancellationToken: ct
            )
        );
    }
}
