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
/// A bureau records an elder's death with its date (DOMAIN.md §8 "Death"). The date is what matters,
/// not the day it is written down: settlement looks back over purchases booked on or after it, and
/// the cards service revokes the card, both from the one <see cref="ElderDied"/> event.
/// </summary>
public static class DeathApi
{
    public sealed record RecordDeathRequest(
        DateOnly? DateOfDeath,
        [property: StringLength(500, ErrorMessage = "required")] string? Reason
    );

    public sealed record DeathView(Guid ElderId, DateOnly DateOfDeath, DateTimeOffset RecordedAt);

    // The birth date lives only inside the encrypted ID number (migration 005), so it is not checked here.
    private sealed record DeathTarget(string HomeCounty, string VillageCode, DateOnly? DateOfDeath);

    public static RouteGroupBuilder MapDeathApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/elders").RequirePeople().WithTags("Elders").WithRequestLimits();
        group
            .MapPost("/{elderId:guid}/death", RecordDeath)
            .WithSummary("Record an elder's death with its date")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<Ok<DeathView>> RecordDeath(
        Guid elderId,
        RecordDeathRequest body,
        HttpContext http,
        NpgsqlDataSource dataSource,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var target = await connection.QuerySingleOrDefaultAsync<DeathTarget>(
            new CommandDefinition(
                """
                SELECT home_county, village_code, date_of_death FROM elders WHERE elder_id = @elderId FOR UPDATE
                """,
                new { elderId },
                transaction,
                cancellationToken: ct
            )
        );
        caller.RequireVisible(target is not null && caller.CoversCounty(target.HomeCounty), "Elder");

        var errors = new ValidationErrors();
        var today = Shanghai.Today(time);
        if (body.DateOfDeath is not { } date)
        {
            errors.Add("dateOfDeath", "required", "dateOfDeath (yyyy-MM-dd, Asia/Shanghai) is required.");
        }
        else if (date > today)
        {
            errors.Add("dateOfDeath", "in_future", "dateOfDeath is not after today.");
        }

        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > 500)
        {
            errors.Add(
                "reason",
                "required",
                "reason (1 to 500 characters: the source, e.g. a death certificate) is required."
            );
        }

        errors.ThrowIfAny();
        if (target!.DateOfDeath is not null)
        {
            throw new ConflictException("death_already_recorded", "The elder's death is already recorded.");
        }

        var now = time.GetUtcNow();
        await connection.ExecuteAsync(
            new CommandDefinition(
                """
                UPDATE elders SET date_of_death = @date, death_recorded_at = @now, death_recorded_by = @by WHERE
                    elder_id = @elderId
                """,
                new
                {
                    date = body.DateOfDeath,
                    now = now.UtcDateTime,
                    by = caller.Subject,
                    elderId,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(
            connection,
            transaction,
            new ElderDied
            {
                AggregateId = $"elder-death:{elderId}",
                AggregateVersion = 1,
                Actor = new Actor(ActorKinds.User, caller.Subject),
                Reason = body.Reason!.Trim(),
                OccurredAt = now,
                ElderId = elderId,
                HomeCounty = target.HomeCounty,
                VillageCode = target.VillageCode,
                DateOfDeath = body.DateOfDeath!.Value,
            },
            ct
        );
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new DeathView(elderId, body.DateOfDeath!.Value, now));
    }
}
