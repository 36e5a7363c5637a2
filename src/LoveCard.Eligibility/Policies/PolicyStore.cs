using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Eligibility.Policies;

/// <summary>
/// Subsidy policy versions per county (DOMAIN.md §3): proposed by one bureau user, approved by
/// another (maker-checker), then published. A published version is never changed; a newer one
/// supersedes it from its own effective date.
/// </summary>
public sealed class PolicyStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const string Proposed = "proposed";
    public const string Published = "published";

    /// <summary>The DOMAIN.md §3 table: the same shares for every item.</summary>
    public static IReadOnlyList<CategoryPolicy> DefaultCategories { get; } =
    [
        new(1, new SourceShares(80, 15, 5), [], 30000, 10000, 5000),
        new(2, new SourceShares(30, 20, 0), [], 10000, 5000, 0),
        new(3, new SourceShares(0, 0, 0), [], 0, 0, 0),
    ];

    /// <summary>Version 1 of a county first seen, effective today, approved by the defaults themselves.</summary>
    public static async Task PublishDefaultsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string county,
        DateOnly today,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO subsidy_policies (county, version, effective_from, categories, status, proposed_by, proposed_at,
                reason, approved_by, approved_at, published_seq)
            VALUES (@county, 1, @today, @categories::jsonb, 'published', @by, @now, @reason, @by, @now, 1)
            """;
        const string reason = "county first seen: DOMAIN.md §3 defaults";
        var by = Counties.CountyCodes.DefaultsActor;
        await connection.ExecuteAsync(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    today,
                    categories = JsonSerializer.Serialize(DefaultCategories, JsonSerializerOptions.Web),
                    by,
                    now,
                    reason,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new SubsidyPolicyPublished
            {
                AggregateId = $"subsidy-policy:{county}",
                AggregateVersion = 1,
                Actor = new Actor(ActorKinds.System, by),
                Reason = reason,
                OccurredAt = now,
                County = county,
                PolicyVersion = 1,
                EffectiveFrom = today,
                Categories = DefaultCategories,
                ProposedBy = by,
                ApprovedBy = by,
            },
            ct
        );
    }

    public async Task<PolicyVersion> ProposeAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string county,
        DateOnly effectiveFrom,
        IReadOnlyList<CategoryPolicy> categories,
        string proposedBy,
        string reason,
        CancellationToken ct
    )
    {
        // Serialise proposals per county so versions are gap-free.
        await connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT 1 FROM county_settings WHERE county = @county FOR UPDATE",
                new { county },
                transaction,
                cancellationToken: ct
            )
        );
        const string sql = """
            INSERT INTO subsidy_policies (county, version, effective_from, categories, status, proposed_by, proposed_at,
                reason)
            SELECT @county, COALESCE(MAX(version), 0) + 1, @effectiveFrom, @categories::jsonb, 'proposed', @proposedBy,
                @now, @reason
            FROM subsidy_policies WHERE county = @county
            RETURNING version
            """;
        var version = await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    effectiveFrom,
                    categories = JsonSerializer.Serialize(categories, JsonSerializerOptions.Web),
                    proposedBy,
                    now = time.GetUtcNow(),
                    reason,
                },
                transaction,
                cancellationToken: ct
            )
        );
        return (await GetAsync(connection, transaction, county, version, ct))!;
    }

    /// <summary>Approves a proposal by a different user and publishes it (DOMAIN.md §3, maker-checker).</summary>
    public async Task<PolicyVersion> ApproveAsync(
        string county,
        int version,
        Actor approver,
        DateOnly today,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT 1 FROM county_settings WHERE county = @county FOR UPDATE",
                new { county },
                transaction,
                cancellationToken: ct
            )
        );
        var policy = await GetAsync(connection, transaction, county, version, ct)
            ?? throw new NotFoundException($"Policy version {version} of county {county}");
        if (policy.Status != Proposed)
        {
            throw new ConflictException(
                "policy_already_published",
                $"Version {version} is already published; a published version never changes."
            );
        }

        var approvedBy = $"{approver.Kind}:{approver.Id}";
        if (approvedBy == policy.ProposedBy)
        {
            throw new ConflictException(
                "same_user_cannot_approve",
                "A policy version must be approved by a different user than the one who proposed it."
            );
        }

        if (policy.EffectiveFrom < today)
        {
            throw new RuleViolationException(
                "effective_date_passed",
                $"Version {version} was to take effect on {policy.EffectiveFrom:yyyy-MM-dd}, which has passed; "
                    + $"propose a new version.",
                "effectiveFrom"
            );
        }

        var now = time.GetUtcNow();
        const string sql = """
            UPDATE subsidy_policies SET status = 'published', approved_by = @approvedBy, approved_at = @now,
                published_seq = (SELECT COALESCE(MAX(published_seq), 0) + 1 FROM subsidy_policies WHERE county =
                    @county)
            WHERE county = @county AND version = @version
            RETURNING published_seq
            """;
        var seq = await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(
                sql,
                new
                {
                    county,
                    version,
                    approvedBy,
                    now,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new SubsidyPolicyPublished
            {
                AggregateId = $"subsidy-policy:{county}",
                AggregateVersion = seq,
                Actor = approver,
                Reason = policy.Reason,
                OccurredAt = now,
                County = county,
                PolicyVersion = version,
                EffectiveFrom = policy.EffectiveFrom,
                Categories = policy.Categories,
                ProposedBy = policy.ProposedBy,
                ApprovedBy = approvedBy,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return policy with { Status = Published, ApprovedBy = approvedBy, ApprovedAt = now };
    }

    /// <summary>
    /// A county's versions, optionally of one <paramref name="status"/> (the checker's queue: <c>proposed</c>).
    /// </summary>
    public async Task<(IReadOnlyList<PolicyVersion> Items, int Total)> ListAsync(
        string county,
        string? status,
        Hosting.Paging.PageRequest paging,
        CancellationToken ct
    )
    {
        const string filter =
            "FROM subsidy_policies WHERE county = @county AND (@status::text IS NULL OR status = @status)";
        var sql = $"""
            SELECT count(*) {filter};
            SELECT county, version, effective_from, categories::text AS categories, status, proposed_by, proposed_at,
                reason, approved_by, approved_at
            {filter} ORDER BY {paging.OrderBy} LIMIT @pageSize OFFSET @offset
            """;
        var args = new
        {
            county,
            status,
            pageSize = paging.PageSize,
            offset = paging.Offset,
        };
        var (total, rows) = await dataSource.QueryPageAsync<Row>(
            new CommandDefinition(sql, args, cancellationToken: ct)
        );
        return (rows.Select(r => r.ToPolicy()).ToArray(), (int)total);
    }

    private static async Task<PolicyVersion?> GetAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string county,
        int version,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT county, version, effective_from, categories::text AS categories, status, proposed_by, proposed_at,
                reason, approved_by, approved_at
            FROM subsidy_policies WHERE county = @county AND version = @version
            """;
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            new CommandDefinition(sql, new { county, version }, transaction, cancellationToken: ct)
        );
        return row?.ToPolicy();
    }

    private sealed class Row
    {
        public string County { get; init; } = "";
        public int Version { get; init; }
        public DateOnly EffectiveFrom { get; init; }
        public string Categories { get; init; } = "[]";
        public string Status { get; init; } = "";
        public string ProposedBy { get; init; } = "";
        public DateTime ProposedAt { get; init; }
        public string Reason { get; init; } = "";
        public string? ApprovedBy { get; init; }
        public DateTime? ApprovedAt { get; init; }

        public PolicyVersion ToPolicy() =>
            new(
                County,
                Version,
                EffectiveFrom,
                JsonSerializer.Deserialize<CategoryPolicy[]>(Categories, JsonSerializerOptions.Web) ?? [],
                Status,
                ProposedBy,
                Utc(ProposedAt),
                Reason,
                ApprovedBy,
                ApprovedAt is { } a ? Utc(a) : null
            );

        private static DateTimeOffset Utc(DateTime d) => new(DateTime.SpecifyKind(d, DateTimeKind.Utc));
    }
}
