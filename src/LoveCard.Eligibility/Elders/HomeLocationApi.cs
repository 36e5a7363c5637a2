using System.ComponentModel.DataAnnotations;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Elders;

/// <summary>
/// A bureau keeps the point of an elder's home (DOMAIN.md §8 "Home visits", ADR 0026): home visits are proven
/// within the county's radius of it. Each change publishes <see cref="ElderHomeLocated"/>, which settlement keeps.
/// </summary>
public static class HomeLocationApi
{
    public sealed record SetHomeLocationRequest(
        [property: Range(-90d, 90d, ErrorMessage = "invalid_location")] double? Lat,
        [property: Range(-180d, 180d, ErrorMessage = "invalid_location")] double? Lon,
        [property: StringLength(500, ErrorMessage = "required")] string? Reason
    );

    public sealed record HomeLocationView(
        Guid ElderId,
        double? Lat,
        double? Lon,
        int Version,
        DateTimeOffset ChangedAt
    );

    private sealed record Target(string HomeCounty, int HomeLocationVersion);

    public static RouteGroupBuilder MapHomeLocationApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/elders").RequirePeople().WithTags("Elders").WithRequestLimits();
        group
            .MapPut("/{elderId:guid}/home-location", SetHomeLocation)
            .WithSummary("Set the point of an elder's home")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>
    /// Both <c>lat</c> and <c>lon</c>, or neither to clear it; a reason always (the change is audited).
    /// </summary>
    public static async Task<Ok<HomeLocationView>> SetHomeLocation(
        Guid elderId,
        SetHomeLocationRequest body,
        HttpContext http,
        NpgsqlDataSource dataSource,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province);
        var errors = new ValidationErrors();
        if ((body.Lat is null) != (body.Lon is null))
        {
            errors.Add(
                body.Lat is null ? "lat" : "lon",
                "invalid_location",
                "lat and lon are given together, or neither to clear the location."
            );
        }

        if (body.Lat is not (null or (>= -90 and <= 90)))
        {
            errors.Add("lat", "invalid_location", "lat is in [-90, 90] degrees (WGS-84).");
        }

        if (body.Lon is not (null or (>= -180 and <= 180)))
        {
            errors.Add("lon", "invalid_location", "lon is in [-180, 180] degrees (WGS-84).");
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
        {
            errors.Add("reason", "required", "reason (1 to 500 characters: where the point comes from) is required.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var target = await connection.QuerySingleOrDefaultAsync<Target>(
            new CommandDefinition(
                """
                SELECT home_county, home_location_version FROM elders WHERE elder_id = @elderId FOR UPDATE
                """,
                new { elderId },
                transaction,
                cancellationToken: ct
            )
        );
        caller.RequireVisible(target is not null && caller.CoversCounty(target.HomeCounty), "Elder");
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var version = target!.HomeLocationVersion + 1;
        await connection.ExecuteAsync(
            new CommandDefinition(
                """
                UPDATE elders SET home_lat = @Lat, home_lon = @Lon, home_location_version = @version
                 WHERE elder_id = @elderId
                """,
                new
                {
                    body.Lat,
                    body.Lon,
                    version,
                    elderId,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new ElderHomeLocated
            {
                AggregateId = $"elder-home:{elderId}",
                AggregateVersion = version,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = body.Reason!.Trim(),
                OccurredAt = now,
                ElderId = elderId,
                HomeCounty = target.HomeCounty,
                Lat = body.Lat,
                Lon = body.Lon,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new HomeLocationView(elderId, body.Lat, body.Lon, version, now));
    }
}
