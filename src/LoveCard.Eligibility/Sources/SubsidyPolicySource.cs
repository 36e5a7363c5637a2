using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.ReadModels;
using LoveCard.Hosting.ReadModels;
using Npgsql;

namespace LoveCard.Eligibility.Sources;

/// <summary>
/// A county's subsidy policies as a source of read models (ADR 0015). A reader keeps every published
/// version (a purchase is priced by the version in force on its day), so the aggregate's version is
/// the number of versions published and its state is every one of them.
/// </summary>
public sealed class SubsidyPolicySource : IAggregateSource
{
    private const string Prefix = "subsidy-policy:";
    private static readonly Actor Sync = Actor.System("eligibility-read-model-sync");

    public string Kind => ReadModelKinds.SubsidyPolicy;

    public Task<(IReadOnlyList<AggregateWatermark> Items, string? Next)> VersionsAsync(
        NpgsqlConnection connection,
        string? after,
        int limit,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT 'subsidy-policy:' || county AS aggregate_id, county AS key,
                   max(published_seq) AS version, max(approved_at) AS changed_at
            FROM subsidy_policies
            WHERE status = 'published' AND (@after::text IS NULL OR county > @after)
            GROUP BY county ORDER BY county LIMIT @limit
            """;
        return WatermarkRow.ReadPageAsync(connection, sql, after, limit, ct);
    }

    public async Task<IReadOnlyList<SourceState>> StatesAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IReadOnlyList<string> aggregateIds,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT county, version, effective_from, categories::text AS categories, reason, proposed_by,
                   approved_by, approved_at, published_seq
            FROM subsidy_policies WHERE status = 'published' AND county = ANY(@counties)
            ORDER BY county, published_seq
            """;
        var counties = SourceIds.After(Prefix, aggregateIds);
        var rows = await connection.QueryAsync<PolicyRow>(
            new CommandDefinition(sql, new { counties }, transaction, cancellationToken: ct)
        );
        return rows.GroupBy(r => r.County)
            .Select(g => new SourceState(Prefix + g.Key, g.Max(r => r.PublishedSeq), g.Select(Published).ToArray()))
            .ToArray();
    }

    private static IntegrationEvent Published(PolicyRow r) =>
        new SubsidyPolicyPublished
        {
            AggregateId = Prefix + r.County,
            AggregateVersion = r.PublishedSeq,
            Actor = Sync,
            Reason = r.Reason,
            OccurredAt = r.ApprovedAt,
            County = r.County,
            PolicyVersion = r.Version,
            EffectiveFrom = r.EffectiveFrom,
            Categories = JsonSerializer.Deserialize<List<CategoryPolicy>>(r.Categories, JsonSerializerOptions.Web)
                ?? [],
            ProposedBy = r.ProposedBy,
            ApprovedBy = r.ApprovedBy ?? "",
        };

    private sealed class PolicyRow
    {
        public string County { get; init; } = "";

        public int Version { get; init; }

        public DateOnly EffectiveFrom { get; init; }

        public string Categories { get; init; } = "[]";

        public string Reason { get; init; } = "";

        public string ProposedBy { get; init; } = "";

        public string? ApprovedBy { get; init; }

        public DateTimeOffset ApprovedAt { get; init; }

        public int PublishedSeq { get; init; }
    }
}
