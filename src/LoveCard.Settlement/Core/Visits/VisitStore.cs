using Dapper;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Holds;
using LoveCard.Settlement.Core.Purchases;
using Npgsql;

namespace LoveCard.Settlement.Core.Visits;

/// <summary>The SQL of home visits (migration 074): what a check-in or check-out needs, and the visit's row.</summary>
internal static class VisitStore
{
    /// <summary>What judging a visit needs, read in one round trip.</summary>
    public sealed record Facts(
        bool HomeService,
        int MinimumMinutes,
        DateOnly? CareWorkerValidUntil,
        GeoPoint? Home,
        long RadiusM
    );

    private const string VisitColumns = """
        visit_id, provider_id, provider_county, status, decline_code, elder_id, masked_name, category, home_county,
        item, care_worker_id, home_lat, home_lon, checked_in_at, check_in_distance_m, checked_out_at,
        check_out_distance_m, duration_minutes, minimum_minutes, valid, problems
        """;

    private sealed class FactsRow
    {
        public bool? HomeService { get; init; }

        public int? MinimumVisitMinutes { get; init; }

        public bool Standard { get; init; }

        public DateTime? ValidUntil { get; init; }

        public double? Lat { get; init; }

        public double? Lon { get; init; }

        public long RadiusM { get; init; }
    }

    /// <summary>
    /// The item as the provider's county marks it in the price standard in force (else its default), the care
    /// worker if one of this provider's, the elder's home point and the county's radius.
    /// </summary>
    public static async Task<Facts> LoadFactsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        Guid providerId,
        string county,
        string item,
        string careWorkerId,
        Guid? elderId,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT s.home_service, s.minimum_visit_minutes, s.item_code IS NOT NULL AS standard,
                   (SELECT w.valid_until::timestamp FROM rm_care_workers w
                     WHERE w.care_worker_id = @careWorker AND w.provider_id = @providerId) AS valid_until,
                   h.lat, h.lon, bo_threshold(@county, 'no_visit_proof_radius_m', @defaultRadius) AS radius_m
              FROM (SELECT 1) one
              LEFT JOIN rm_price_standards s ON s.county = @county AND s.item_code = @item
                   AND s.standard_version = (SELECT v.standard_version FROM rm_price_standards v
                                              WHERE v.county = @county AND v.effective_from <= @day
                                              ORDER BY v.effective_from DESC, v.standard_version DESC LIMIT 1)
              LEFT JOIN rm_elder_homes h ON h.elder_id = @elderId
            """;
        var row = await connection.QuerySingleAsync<FactsRow>(
            new CommandDefinition(
                sql,
                new
                {
                    careWorker = Guid.TryParse(careWorkerId, out var id) ? id : Guid.Empty,
                    providerId,
                    county,
                    item,
                    elderId,
                    day = Shanghai.Today(now),
                    defaultRadius = VisitRules.DefaultRadiusM,
                },
                transaction,
                cancellationToken: ct
            )
        );
        var (homeService, minimum) = HomeServices.Resolve(item, row.HomeService, row.MinimumVisitMinutes);
        var home = row.Lat is { } lat && row.Lon is { } lon ? new GeoPoint(lat, lon) : (GeoPoint?)null;
        var validUntil = row.ValidUntil is { } until ? DateOnly.FromDateTime(until) : (DateOnly?)null;
        return new Facts(homeService, minimum, validUntil, home, row.RadiusM);
    }

    public static Task InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        object visit,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO visits (visit_id, terminal_id, provider_id, provider_county, idempotency_key, status,
                decline_code,
                card_id, elder_id, masked_name, category, home_county, item, care_worker_id, home_lat, home_lon,
                check_in_lat, check_in_lon, checked_in_at, check_in_distance_m, check_in_booked_at, minimum_minutes)
            VALUES (@VisitId, @TerminalId, @ProviderId, @ProviderCounty, @IdempotencyKey, @Status, @DeclineCode,
                @CardId, @ElderId, @MaskedName, @Category, @HomeCounty, @Item, @CareWorkerId, @HomeLat, @HomeLon,
                @Lat, @Lon, @CheckedInAt, @DistanceM, @BookedAt, @MinimumMinutes)
            """;
        return connection.ExecuteAsync(new CommandDefinition(sql, visit, transaction, cancellationToken: ct));
    }

    /// <summary>
    /// The visit of this provider, locked for its check-out or for a purchase's proof; null when unknown.
    /// </summary>
    public static Task<VisitRow?> LockAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        Guid providerId,
        Guid visitId,
        CancellationToken ct
    ) =>
        connection.QuerySingleOrDefaultAsync<VisitRow>(
            new CommandDefinition(
                $"SELECT {VisitColumns} FROM visits WHERE visit_id = @visitId AND provider_id = @providerId FOR UPDATE",
                new { visitId, providerId },
                transaction,
                cancellationToken: ct
            )
        );

    public static async Task<VisitRow?> FindAsync(
        NpgsqlDataSource dataSource,
        Guid providerId,
        Guid visitId,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<VisitRow>(
            new CommandDefinition(
                $"SELECT {VisitColumns} FROM visits WHERE visit_id = @visitId AND provider_id = @providerId",
                new { visitId, providerId },
                cancellationToken: ct
            )
        );
    }

    public static async Task<VisitRow> CompleteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        object checkOut,
        CancellationToken ct
    ) =>
        await connection.QuerySingleAsync<VisitRow>(
            new CommandDefinition(
                $"""
                UPDATE visits SET status = 'completed', check_out_lat = @Lat, check_out_lon = @Lon,
                       checked_out_at = @CheckedOutAt, check_out_distance_m = @DistanceM,
                       check_out_booked_at = @BookedAt, duration_minutes = @DurationMinutes,
                       radius_m = @RadiusM, minimum_minutes = @MinimumMinutes, valid = @Valid, problems = @Problems
                 WHERE visit_id = @VisitId
                RETURNING {VisitColumns}
                """,
                checkOut,
                transaction,
                cancellationToken: ct
            )
        );
}
