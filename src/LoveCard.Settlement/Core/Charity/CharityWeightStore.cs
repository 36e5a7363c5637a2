using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Settlement;
using LoveCard.Hosting.Data;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.Paging;
using LoveCard.Settlement.Core.Ledger;
using Npgsql;

namespace LoveCard.Settlement.Core.Charity;

/// <summary>
/// The allocation weights, versioned (ADR 0043): the newest row of <c>charity_weights</c>, or the service's
/// configuration while the province has set none. A change names the version it replaces, so two users who read
/// the same version cannot both change it (the second gets 409 <c>charity_weights_changed</c>); it goes to the
/// audit trail as <c>CharityWeightsChanged</c> through the outbox, in the same transaction.
/// </summary>
public sealed class CharityWeightStore(NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider time)
{
    private const string Columns =
        "version, mountain_or_island_permille, other_permille, reason, changed_by, changed_at";

    private readonly CharityWeights _configured = CharityWeights.From(configuration);

    /// <summary>The weights in force, read in the caller's transaction (a proposal's, a preview's).</summary>
    public async Task<CharityWeightsView> InForceAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        CancellationToken ct
    ) =>
        (
            await connection.QuerySingleOrDefaultAsync<WeightRow>(
                new CommandDefinition(
                    $"SELECT {Columns} FROM charity_weights ORDER BY version DESC LIMIT 1",
                    transaction: transaction,
                    cancellationToken: ct
                )
            )
        )?.ToView() ?? CharityWeightsView.Configured(_configured);

    public async Task<CharityWeightsView> GetAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await InForceAsync(connection, null, ct);
    }

    /// <summary>Every version, newest first; the configuration's (version 0) last.</summary>
    public async Task<Paged<CharityWeightsView>> HistoryAsync(PageRequest paging, CancellationToken ct)
    {
        var sql = $"""
            SELECT count(*) FROM charity_weights;
            SELECT {Columns} FROM charity_weights ORDER BY version DESC OFFSET @Offset LIMIT @PageSize;
            """;
        var (total, rows) = await dataSource.QueryPageAsync<WeightRow>(
            new CommandDefinition(sql, new { paging.Offset, paging.PageSize }, cancellationToken: ct)
        );
        var items = rows.Select(r => r.ToView()).ToList();
        if (paging.Offset + items.Count == total && items.Count < paging.PageSize)
        {
            items.Add(CharityWeightsView.Configured(_configured));
        }

        return Paged<CharityWeightsView>.Of(paging, total + 1, items);
    }

    /// <summary>
    /// Replaces the weights of <paramref name="version"/> by a new version. The same user sending the same change
    /// again, once it is in force, gets it back unchanged (a retry); a version that is no longer the newest is 409.
    /// </summary>
    public async Task<CharityWeightsView> ChangeAsync(
        int version,
        CharityWeights weights,
        string reason,
        string changedBy,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await VersionedSetting.LockAsync(connection, transaction, "charity-weights", ct);
        var current = await InForceAsync(connection, transaction, ct);
        var retry = VersionedSetting.IsRetry(
            current.Version,
            version,
            current.Weights == weights && current.ChangedBy == changedBy && current.Reason == reason,
            "charity_weights_changed",
            "The weights"
        );
        if (retry)
        {
            return current;
        }

        var next = new CharityWeightsView(
            version + 1,
            weights.MountainOrIslandPermille,
            weights.OtherPermille,
            CharityWeightsView.FromProvince,
            reason,
            changedBy,
            now
        );
        await connection.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO charity_weights (version, mountain_or_island_permille, other_permille, reason, changed_by,
                    changed_at)
                VALUES (@Version, @MountainOrIslandWeightPermille, @OtherWeightPermille, @Reason, @ChangedBy, @At)
                """,
                new
                {
                    next.Version,
                    next.MountainOrIslandWeightPermille,
                    next.OtherWeightPermille,
                    next.Reason,
                    next.ChangedBy,
                    At = now.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(connection, transaction, Changed(current, next), ct);
        await transaction.CommitAsync(ct);
        return next;
    }

    private static CharityWeightsChanged Changed(CharityWeightsView before, CharityWeightsView after) =>
        new()
        {
            AggregateId = $"charity-weights:{Accounts.Province}",
            AggregateVersion = after.Version,
            Actor = new Actor(ActorKinds.User, after.ChangedBy!),
            Reason = after.Reason!,
            OccurredAt = after.ChangedAt!.Value,
            Province = Accounts.Province,
            MountainOrIslandWeightPermille = after.MountainOrIslandWeightPermille,
            OtherWeightPermille = after.OtherWeightPermille,
            PreviousMountainOrIslandWeightPermille = before.MountainOrIslandWeightPermille,
            PreviousOtherWeightPermille = before.OtherWeightPermille,
        };

    private sealed class WeightRow
    {
        public int Version { get; init; }

        public int MountainOrIslandPermille { get; init; }

        public int OtherPermille { get; init; }

        public string Reason { get; init; } = "";

        public string ChangedBy { get; init; } = "";

        public DateTime ChangedAt { get; init; }

        public CharityWeightsView ToView() =>
            new(
                Version,
                MountainOrIslandPermille,
                OtherPermille,
                CharityWeightsView.FromProvince,
                Reason,
                ChangedBy,
                new DateTimeOffset(DateTime.SpecifyKind(ChangedAt, DateTimeKind.Utc))
            );
    }
}
