using Dapper;
using LoveCard.Hosting;
using Npgsql;

namespace LoveCard.Settlement.Core.Holds;

/// <summary>
/// Loads a <see cref="HoldContext"/> within the purchase path's connection and transaction: on its own
/// (<see cref="LoadAsync"/>), or as the last statement of the purchase's evaluation round trip
/// (<see cref="Sql"/>, read back with <see cref="ToContext"/>), after the elder's cap row was locked.
/// </summary>
public static class HoldContextQuery
{
    /// <summary>One row; parameters <c>@cardId</c>, <c>@day</c>, <c>@providerCounty</c>, <c>@terminalId</c>,
    /// <c>@providerId</c>, <c>@now</c> and the thresholds' defaults (<see cref="Defaults"/>).</summary>
    public const string Sql = """
        SELECT (SELECT coalesce(sum(quantity), 0) FROM purchases
                 WHERE card_id = @cardId AND item = 'meal' AND status = 'approved' AND booked_day = @day)::bigint
                     AS meals_today,
               bo_threshold(@providerCounty, 'meals_per_day', @mealsDefault) AS meals_limit,
               bo_threshold(@providerCounty, 'impossible_travel_kmh', @kmhDefault) AS kmh_limit,
               bo_threshold(@providerCounty, 'impossible_travel_min_km', @minKmDefault) AS min_km,
               bo_threshold(@providerCounty, 'no_visit_proof_required', @visitProofDefault) AS visit_proof_required,
               t.latitude AS terminal_lat, t.longitude AS terminal_lon,
               prev.purchase_id AS prev_purchase_id, prev.provider_id AS prev_provider_id, prev.booked_at AS
                   prev_booked_at,
               prev.lat AS prev_lat, prev.lon AS prev_lon
          FROM (SELECT 1) one
          LEFT JOIN terminals t ON t.terminal_id = @terminalId
          LEFT JOIN LATERAL (
              SELECT p.purchase_id, p.provider_id, p.booked_at,
                     coalesce(p.location_lat, pt.latitude) AS lat, coalesce(p.location_lon, pt.longitude) AS lon
                FROM purchases p LEFT JOIN terminals pt ON pt.terminal_id = p.terminal_id
               WHERE p.card_id = @cardId AND p.status IN ('approved', 'voided') AND p.provider_id <> @providerId
                 AND p.booked_at > @now - interval '1 day' AND p.booked_at <= @now
               ORDER BY p.booked_at DESC LIMIT 1) prev ON true;
        """;

    /// <summary>The thresholds' defaults, as the parameters <see cref="Sql"/> names.</summary>
    public static class Defaults
    {
        public static readonly long Meals = MealsPerDayHold.MealsPerDay.Default;

        public static readonly long Kmh = ImpossibleTravelHold.SpeedKmh.Default;

        public static readonly long MinKm = ImpossibleTravelHold.MinimumKm.Default;

        public static readonly long VisitProof = VisitProofHold.Required.Default;
    }

    /// <summary>What <see cref="Sql"/> reads.</summary>
    public sealed class Row
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
        var row = await connection.QuerySingleAsync<Row>(
            new CommandDefinition(
                Sql,
                new
                {
                    cardId,
                    day = Shanghai.Today(now),
                    providerCounty,
                    mealsDefault = Defaults.Meals,
                    kmhDefault = Defaults.Kmh,
                    minKmDefault = Defaults.MinKm,
                    visitProofDefault = Defaults.VisitProof,
                    terminalId,
                    providerId,
                    now = now.UtcDateTime,
                },
                transaction,
                cancellationToken: ct
            )
        );
        return ToContext(row, providerId, item, quantity, location, now);
    }

    /// <summary>The hold context from what <see cref="Sql"/> read.</summary>
    public static HoldContext ToContext(
        Row row,
        Guid providerId,
        string item,
        int quantity,
        GeoPoint? location,
        DateTimeOffset now
    )
    {
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
