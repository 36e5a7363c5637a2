using Dapper;
using LoveCard.Hosting;
using Npgsql;

namespace LoveCard.Settlement.Core.Holds;

/// <summary>Loads a <see cref="HoldContext"/> within the purchase path's connection and transaction.</summary>
public static class HoldContextQuery
{
    private sealed class Row
    {
        public long MealsToday { get; init; }

        public long MealsLimit { get; init; }

        public long KmhLimit { get; init; }

        public long MinKm { get; init; }

        public long VisitProofRequired { get; init; }

        public double? TerminalLat { get; init; }

        public double? TerminalLon { get; init; }

        public Guid? PrevPurchaseId { get; init; }

        public Guid? PrevProviderId { get; init; }

        public DateTime? PrevBookedAt { get; init; }

        public double? PrevLat { get; init; }

        public double? PrevLon { get; init; }
    }

    /// <param name="location">The location the terminal sent with the purchase, if any; else the terminal's registered
    /// place.</param>
    public static async Task<HoldContext> LoadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        Guid cardId,
        Guid providerId,
        string providerCounty,
        string terminalId,
        string item,
        int quantity,
        GeoPoint? location,
        DateTimeOffset now,
        CancellationToken ct
    )
    {
        const string sql = """
            SELECT (SELECT coalesce(sum(quantity), 0) FROM purchases
                     WHERE card_id = @CardId AND item = 'meal' AND status = 'approved' AND booked_day = @Today)::bigint
                         AS meals_today,
                   bo_threshold(@County, 'meals_per_day', @MealsDefault) AS meals_limit,
                   bo_threshold(@County, 'impossible_travel_kmh', @KmhDefault) AS kmh_limit,
                   bo_threshold(@County, 'impossible_travel_min_km', @MinKmDefault) AS min_km,
                   bo_threshold(@County, 'no_visit_proof_required', @VisitProofDefault) AS visit_proof_required,
                   t.latitude AS terminal_lat, t.longitude AS terminal_lon,
                   prev.purchase_id AS prev_purchase_id, prev.provider_id AS prev_provider_id, prev.booked_at AS
                       prev_booked_at,
                   prev.lat AS prev_lat, prev.lon AS prev_lon
              FROM (SELECT 1) one
              LEFT JOIN terminals t ON t.terminal_id = @TerminalId
              LEFT JOIN LATERAL (
                  SELECT p.purchase_id, p.provider_id, p.booked_at,
                         coalesce(p.location_lat, pt.latitude) AS lat, coalesce(p.location_lon, pt.longitude) AS lon
                    FROM purchases p LEFT JOIN terminals pt ON pt.terminal_id = p.terminal_id
                   WHERE p.card_id = @CardId AND p.status IN ('approved', 'voided') AND p.provider_id <> @ProviderId
                     AND p.booked_at > @Now - interval '1 day' AND p.booked_at <= @Now
                   ORDER BY p.booked_at DESC LIMIT 1) prev ON true
            """;
        var row = await connection.QuerySingleAsync<Row>(
            new CommandDefinition(
                sql,
                new
                {
                    CardId = cardId,
                    Today = Shanghai.Today(now),
                    County = providerCounty,
                    MealsDefault = MealsPerDayHold.MealsPerDay.Default,
                    KmhDefault = ImpossibleTravelHold.SpeedKmh.Default,
                    MinKmDefault = ImpossibleTravelHold.MinimumKm.Default,
                    VisitProofDefault = VisitProofHold.Required.Default,
                    TerminalId = terminalId,
                    ProviderId = providerId,
                    Now = now.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );

        var here = location
            ?? (row.TerminalLat is { } lat && row.TerminalLon is { } lon ? new GeoPoint(lat, lon) : null);
        var previous = row.PrevPurchaseId is { } prevId
            ? new PreviousPurchase(
                prevId,
                row.PrevProviderId!.Value,
                new DateTimeOffset(DateTime.SpecifyKind(row.PrevBookedAt!.Value, DateTimeKind.Utc)),
                row.PrevLat is { } pl && row.PrevLon is { } pn ? new GeoPoint(pl, pn) : null
            )
            : null;
        return new HoldContext(
            item,
            quantity,
            providerId,
            now,
            here,
            row.MealsToday,
            row.MealsLimit,
            previous,
            row.KmhLimit,
            row.MinKm
        )
        {
            VisitProofRequired = row.VisitProofRequired,
        };
    }
}
