using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Credit;
using Npgsql;

namespace LoveCard.Whitelist.Providers;

/// <summary>
/// Providers, their status workflow and its audit trail. Every status change writes the history row
/// and the state-carrying event in the same transaction as the change (ADR 0002).
/// </summary>
public sealed class ProviderStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    internal const string Columns = """
        id, unified_code, name, provider_type, county, township, address, contact_name, contact_phone,
        admission_route, contract_start, contract_end, status, credit_score, legacy_code_override, legacy_code_reason,
        version, created_at, updated_at
        """;

    public async Task<ProviderRow> CreateAsync(ProviderRow provider, Actor actor, string reason, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO providers (id, unified_code, name, provider_type, county, township, address, contact_name,
                contact_phone, admission_route, contract_start, contract_end, status, credit_score,
                    legacy_code_override, legacy_code_reason,
                version, created_at, updated_at)
            VALUES (@Id, @UnifiedCode, @Name, @ProviderType, @County, @Township, @Address, @ContactName,
                @ContactPhone, @AdmissionRoute, @ContractStart, @ContractEnd, @Status, @CreditScore,
                    @LegacyCodeOverride, @LegacyCodeReason,
                @Version, @CreatedAt, @UpdatedAt)
            ON CONFLICT DO NOTHING
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var inserted = await connection.ExecuteAsync(
            new CommandDefinition(sql, provider, transaction, cancellationToken: ct)
        );
        if (inserted == 0)
        {
            var codeTaken = await connection.ExecuteScalarAsync<bool>(
                new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM providers WHERE unified_code = @UnifiedCode)",
                    provider,
                    transaction,
                    cancellationToken: ct
                )
            );
            throw codeTaken
                ? new ConflictException(
                    "provider_code_taken",
                    $"A provider with the unified social credit code {provider.UnifiedCode} already exists."
                )
                : new ConflictException("provider_id_taken", $"A provider with the id {provider.Id} already exists.");
        }

        await AddHistoryAsync(
            connection,
            transaction,
            provider.Id,
            null,
            provider.Status,
            reason,
            actor,
            provider.Version,
            provider.CreatedAt,
            ct
        );
        await transaction.CommitAsync(ct);
        return provider;
    }

    public async Task<ProviderRow?> FindAsync(Guid id, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns} FROM providers WHERE id = @id";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ProviderRow>(
            new CommandDefinition(sql, new { id }, cancellationToken: ct)
        );
    }

    /// <summary>Reads and row-locks the provider, so concurrent steps on it run one after the other.</summary>
    public static async Task<ProviderRow?> LockAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid id,
        CancellationToken ct
    )
    {
        const string sql = $"SELECT {Columns} FROM providers WHERE id = @id FOR UPDATE";
        return await connection.QuerySingleOrDefaultAsync<ProviderRow>(
            new CommandDefinition(sql, new { id }, transaction, cancellationToken: ct)
        );
    }

    /// <summary>
    /// A bureau's step in the workflow (whitelist, suspend, exit). The checks on who may act run in
    /// <paramref name="authorise"/> against the locked row, so the answer for another county's
    /// provider is the same 404 whatever state it is in.
    /// </summary>
    public async Task<ProviderRow> StepAsync(
        Guid id,
        string action,
        Action<ProviderRow> authorise,
        Actor actor,
        string reason,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var provider = await LockAsync(connection, transaction, id, ct) ?? throw new NotFoundException("Provider");
        authorise(provider);
        var today = Hosting.Shanghai.Today(time);
        var to = ProviderWorkflow.Target(provider, action, today);
        var changed = await TransitionAsync(connection, transaction, provider, to, actor, reason, ct);
        await transaction.CommitAsync(ct);
        return changed;
    }

    /// <summary>
    /// Moves the locked <paramref name="provider"/> to <paramref name="to"/>: bumps its version,
    /// appends the history row and writes the matching event to the outbox.
    /// </summary>
    public async Task<ProviderRow> TransitionAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        ProviderRow provider,
        string to,
        Actor actor,
        string reason,
        CancellationToken ct
    )
    {
        const string sql = """
            UPDATE providers SET status = @to, version = version + 1, updated_at = @now
            WHERE id = @Id
            RETURNING version
            """;
        var now = time.GetUtcNow();
        var version = await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                sql,
                new
                {
                    to,
                    now,
                    provider.Id,
                },
                transaction,
                cancellationToken: ct
            )
        );
        var changed = provider with { Status = to, Version = version, UpdatedAt = now };
        await AddHistoryAsync(
            connection,
            transaction,
            provider.Id,
            provider.Status,
            to,
            reason,
            actor,
            version,
            now,
            ct
        );
        await Outbox.AddAsync(connection, transaction, StatusEvent(changed, actor, reason, now), ct);
        return changed;
    }

    /// <summary>Bumps the provider's version for a published change that is not a status step (its items).</summary>
    public async Task<long> BumpVersionAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid id,
        CancellationToken ct
    )
    {
        const string sql =
            "UPDATE providers SET version = version + 1, updated_at = @now WHERE id = @id RETURNING version";
        return await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(sql, new { id, now = time.GetUtcNow() }, transaction, cancellationToken: ct)
        );
    }

    public async Task<IReadOnlyList<StatusHistoryEntry>> HistoryAsync(Guid id, CancellationToken ct)
    {
        const string sql = """
            SELECT from_status, to_status, reason, actor_kind, actor_id, version, occurred_at
            FROM provider_status_history WHERE provider_id = @id ORDER BY id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (
            await connection.QueryAsync<StatusHistoryEntry>(
                new CommandDefinition(sql, new { id }, cancellationToken: ct)
            )
        ).AsList();
    }

    /// <summary>The whitelisted providers whose contract ended before <paramref name="today"/>, for the daily
    /// job.</summary>
    public async Task<IReadOnlyList<Guid>> ContractEndedAsync(DateOnly today, CancellationToken ct)
    {
        const string sql =
            "SELECT id FROM providers WHERE status = 'whitelisted' AND contract_end < @today ORDER BY id";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return (
            await connection.QueryAsync<Guid>(new CommandDefinition(sql, new { today }, cancellationToken: ct))
        ).AsList();
    }

    /// <summary>Suspends one provider whose contract ended, if it is still whitelisted with an ended
    /// contract.</summary>
    public async Task<bool> SuspendForContractEndAsync(Guid id, DateOnly today, Actor actor, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var provider = await LockAsync(connection, transaction, id, ct);
        if (provider is null || provider.Status != ProviderStatuses.Whitelisted || provider.ContractEnd >= today)
        {
            return false;
        }

        await TransitionAsync(
            connection,
            transaction,
            provider,
            ProviderStatuses.Suspended,
            actor,
            ProviderWorkflow.ContractEndedReason,
            ct
        );
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<(IReadOnlyList<ProviderRow> Rows, long Total)> ListAsync(
        ProviderFilter filter,
        CancellationToken ct
    )
    {
        var (minScore, maxScore) = filter.CreditBand is null
            ? (int.MinValue, int.MaxValue)
            : CreditBands.Range(filter.CreditBand);
        const string where = """
            WHERE (@County::text IS NULL OR county = @County)
              AND (@Township::text IS NULL OR township = @Township)
              AND (@Status::text IS NULL OR status = @Status)
              AND (@ProviderType::text IS NULL OR provider_type = @ProviderType)
              AND (@OnlyProvider::uuid IS NULL OR id = @OnlyProvider)
              AND credit_score BETWEEN @minScore AND @maxScore
              AND (@Item::text IS NULL OR EXISTS (SELECT 1 FROM provider_items i WHERE i.provider_id = providers.id AND
                  i.item_code = @Item))
              AND (@Q::text IS NULL OR strpos(lower(name), lower(@Q)) > 0 OR unified_code = upper(@Q))
            """;
        var sql = $"""
            SELECT {Columns} FROM providers {where}
            ORDER BY {filter.OrderBy}
            LIMIT @PageSize OFFSET @offset;
            SELECT count(*) FROM providers {where};
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var parameters = new
        {
            filter.County,
            filter.Township,
            filter.Status,
            filter.ProviderType,
            filter.OnlyProvider,
            filter.Item,
            filter.Q,
            filter.PageSize,
            minScore,
            maxScore,
            offset = (filter.Page - 1) * filter.PageSize,
        };
        await using var grid = await connection.QueryMultipleAsync(
            new CommandDefinition(sql, parameters, cancellationToken: ct)
        );
        var rows = (await grid.ReadAsync<ProviderRow>()).AsList();
        var total = await grid.ReadSingleAsync<long>();
        return (rows, total);
    }

    /// <summary>The event for the provider's status after a step, with its full state (ProviderEvent).</summary>
    public static ProviderEvent StatusEvent(ProviderRow p, Actor actor, string reason, DateTimeOffset now) =>
        p.Status switch
        {
            ProviderStatuses.Whitelisted => Fill(
                new ProviderWhitelisted
                {
                    AggregateId = "",
                    AggregateVersion = 0,
                    Actor = actor,
                    Reason = reason,
                    OccurredAt = now,
                    ProviderId = p.Id,
                    County = p.County,
                    UnifiedCode = p.UnifiedCode,
                    Name = p.Name,
                    ProviderType = p.ProviderType,
                    Status = p.Status,
                    CreditScore = p.CreditScore,
                },
                p
            ),
            ProviderStatuses.Suspended => Fill(
                new ProviderSuspended
                {
                    AggregateId = "",
                    AggregateVersion = 0,
                    Actor = actor,
                    Reason = reason,
                    OccurredAt = now,
                    ProviderId = p.Id,
                    County = p.County,
                    UnifiedCode = p.UnifiedCode,
                    Name = p.Name,
                    ProviderType = p.ProviderType,
                    Status = p.Status,
                    CreditScore = p.CreditScore,
                },
                p
            ),
            ProviderStatuses.Exited => Fill(
                new ProviderExited
                {
                    AggregateId = "",
                    AggregateVersion = 0,
                    Actor = actor,
                    Reason = reason,
                    OccurredAt = now,
                    ProviderId = p.Id,
                    County = p.County,
                    UnifiedCode = p.UnifiedCode,
                    Name = p.Name,
                    ProviderType = p.ProviderType,
                    Status = p.Status,
                    CreditScore = p.CreditScore,
                },
                p
            ),
            _ => throw new InvalidOperationException($"No event announces the status {p.Status}."),
        };

    private static ProviderEvent Fill(ProviderEvent e, ProviderRow p) =>
        e with
        {
            AggregateId = p.Id.ToString(),
            AggregateVersion = p.Version,
            AdmissionRoute = p.AdmissionRoute,
            Township = p.Township,
            ContractStart = p.ContractStart,
            ContractEnd = p.ContractEnd,
        };

    private static Task AddHistoryAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid providerId,
        string? from,
        string to,
        string reason,
        Actor actor,
        long version,
        DateTimeOffset at,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO provider_status_history (provider_id, from_status, to_status, reason, actor_kind, actor_id,
                version, occurred_at)
            VALUES (@providerId, @from, @to, @reason, @kind, @id, @version, @at)
            """;
        return connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    providerId,
                    from,
                    to,
                    reason,
                    kind = actor.Kind,
                    id = actor.Id,
                    version,
                    at,
                },
                transaction,
                cancellationToken: ct
            )
        );
    }
}
