using System.ComponentModel.DataAnnotations;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Eligibility.Imports;
using LoveCard.Hosting;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace LoveCard.Eligibility.Counties;

public static class CountiesApi
{
    public static RouteGroupBuilder MapCountiesApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/counties/{county}").RequirePeople().WithTags("Counties").WithRequestLimits();
        group.MapGet("/settings", GetSettings).WithSummary("Read a county's settings");
        group.MapPut("/settings", UpdateSettings).WithSummary("Replace a county's settings");
        return group;
    }

    public static async Task<Ok<CountySettingsView>> GetSettings(
        string county,
        HttpContext http,
        CountyStore store,
        NpgsqlDataSource dataSource,
        CancellationToken ct
    )
    {
        CountyCodes.Require(county);
        http.Caller().RequireCounty(county);
        var settings = await store.ReadAsync(dataSource, county, ct);
        return TypedResults.Ok(new CountySettingsView(settings, await PendingAsync(dataSource, settings, ct)));
    }

    /// <summary>Changed only by that county's bureau or the province; audited, published, and the county's elders
    /// reclassified.</summary>
    public static async Task<Ok<CountySettingsView>> UpdateSettings(
        string county,
        CountySettingsUpdate body,
        HttpContext http,
        CountyStore store,
        NpgsqlDataSource dataSource,
        WorkSignal signal,
        CancellationToken ct
    )
    {
        CountyCodes.Require(county);
        var caller = http.Caller().RequireRole(Roles.Bureau, Roles.Province).RequireCounty(county);
        var errors = new ValidationErrors();
        Range(errors, "advancedAge", body.AdvancedAge, 60, 120);
        Range(errors, "minDisabilityLevel", body.MinDisabilityLevel, 1, 4);
        Range(errors, "assessmentValidMonths", body.AssessmentValidMonths, 1, 60);
        Range(errors, "suspendBelow", body.SuspendBelow, 0, 100);
        Range(errors, "lowFundAlertDays", body.LowFundAlertDays, 1, 365);
        Required(errors, "allowNonLocalResidents", body.AllowNonLocalResidents);
        Required(errors, "oneCardNetwork", body.OneCardNetwork);
        Required(errors, "mountainOrIsland", body.MountainOrIsland);
        foreach (var (rule, value) in body.AnomalyThresholds ?? [])
        {
            if (string.IsNullOrWhiteSpace(rule) || value < 0)
            {
                errors.Add(
                    $"anomalyThresholds.{rule}",
                    "invalid_threshold",
                    "A threshold names a rule and is 0 or more."
                );
            }
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            errors.Add("reason", "reason_required", "Every settings change says why (it is audited).");
        }

        errors.ThrowIfAny();
        var proposed = new CountySettings(
            county,
            0,
            body.AdvancedAge!.Value,
            body.MinDisabilityLevel!.Value,
            body.AssessmentValidMonths!.Value,
            body.AllowNonLocalResidents!.Value,
            body.OneCardNetwork!.Value,
            body.SuspendBelow!.Value,
            body.LowFundAlertDays!.Value,
            body.MountainOrIsland!.Value,
            body.AnomalyThresholds ?? [],
            default,
            ""
        );
        var saved = await store.UpdateAsync(
            dataSource,
            proposed,
            new Actor(ActorKinds.User, caller.Subject),
            body.Reason!.Trim(),
            ct
        );
        signal.Set(); // the reclassification worker picks the county up
        return TypedResults.Ok(new CountySettingsView(saved, await PendingAsync(dataSource, saved, ct)));
    }

    private static async Task<long> PendingAsync(
        NpgsqlDataSource dataSource,
        CountySettings settings,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(
                "SELECT count(*) FROM elders WHERE home_county = @County AND settings_version < @Version",
                settings,
                cancellationToken: ct
            )
        );
    }

    private static void Range(ValidationErrors errors, string field, int? value, int min, int max)
    {
        if (value is null || value < min || value > max)
        {
            errors.Add(field, value is null ? "required" : "out_of_range", $"{field} is required, {min}–{max}.");
        }
    }

    private static void Required(ValidationErrors errors, string field, bool? value)
    {
        if (value is null)
        {
            errors.Add(field, "required", $"{field} is required.");
        }
    }
}
