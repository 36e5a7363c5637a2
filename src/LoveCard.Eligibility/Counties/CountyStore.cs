using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Eligibility.Policies;
using LoveCard.Hosting;
using LoveCard.Hosting.Counties;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Eligibility.Counties;

/// <summary>County settings: version 1 with the defaults when a county is set up (by the province, or by the first
/// write for it), audited changes, events. Reading never sets a county up (ADR 0036).</summary>
public sealed class CountyStore(TimeProvider time, CountyRegister register)
{
    internal const string Columns = """
        county, version, advanced_age, min_disability_level, assessment_valid_months, allow_non_local_residents,
        one_card_network, suspend_below, low_fund_alert_days, mountain_or_island,
        anomaly_thresholds::text AS anomaly_thresholds, updated_at, updated_by
        """;

    /// <summary>
    /// Makes sure <paramref name="county"/> has settings and a subsidy policy: when it is first seen,
    /// version 1 of both with the DOMAIN.md defaults (policy effective today) is stored and published, so
    /// settlement always knows a county's policy. Returns the current settings.
    /// </summary>
    public async Task<CountySettings> EnsureAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        string county,
        CancellationToken ct
    )
    {
        const string select = $"SELECT {Columns} FROM county_settings WHERE county = @county";
        var existing = await connection.QuerySingleOrDefaultAsync<Row>(
            new CommandDefinition(select, new { county }, transaction, cancellationToken: ct)
        );
        if (existing is not null)
        {
            return existing.ToSettings();
        }

        var now = time.GetUtcNow();
        var defaults = await DefaultsAsync(county, now, ct);
        if (!await InsertAsync(connection, transaction, defaults, ct))
        {
            // Someone else created it in the meantime (ON CONFLICT waited for them).
            return (
                await connection.QuerySingleAsync<Row>(
                    new CommandDefinition(select, new { county }, transaction, cancellationToken: ct)
                )
            ).ToSettings();
        }

        var actor = new Actor(ActorKinds.System, CountyCodes.DefaultsActor);
        await AuditAndPublishAsync(
            connection,
            transaction,
            defaults,
            actor,
            "county first seen: DOMAIN.md defaults",
            ct
        );
        await PolicyStore.PublishDefaultsAsync(connection, transaction, county, Shanghai.Today(now), now, ct);
        return defaults;
    }

    /// <summary>
    /// The county's stored settings, or (never set up) the defaults it would get, as version 0: nothing is
    /// stored or published by reading.
    /// </summary>
    public async Task<CountySettings> ReadAsync(NpgsqlDataSource dataSource, string county, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var stored = await connection.QuerySingleOrDefaultAsync<Row>(
            new CommandDefinition(
                $"SELECT {Columns} FROM county_settings WHERE county = @county",
                new { county },
                cancellationToken: ct
            )
        );
        return stored?.ToSettings() ?? (await DefaultsAsync(county, time.GetUtcNow(), ct)) with { Version = 0 };
    }

    /// <summary>The province sets a county up: version 1 of its settings and policy, unless it has them already.
    /// Returns the settings and whether this call created them.</summary>
    public async Task<(CountySettings Settings, bool Created)> SetUpAsync(
        NpgsqlDataSource dataSource,
        string county,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var existed = await connection.ExecuteScalarAsync<bool>(
            new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM county_settings WHERE county = @county)",
                new { county },
                transaction,
                cancellationToken: ct
            )
        );
        var settings = await EnsureAsync(connection, transaction, county, ct);
        await transaction.CommitAsync(ct);
        return (settings, !existed && settings.Version == 1);
    }

    /// <summary>The DOMAIN.md defaults, with the mountain/island flag the register gives the county.</summary>
    private async Task<CountySettings> DefaultsAsync(string county, DateTimeOffset now, CancellationToken ct) =>
        CountySettings.Defaults(county, now) with
        {
            MountainOrIsland = (await register.FindAsync(county, ct))?.MountainOrIsland ?? false,
        };

    /// <summary>Stores a new version, audits it and publishes <see cref="CountySettingsChanged"/>; the reclassification
    /// worker picks up the county's elders.</summary>
    public async Task<CountySettings> UpdateAsync(
        NpgsqlDataSource dataSource,
        CountySettings proposed,
        Actor actor,
        string reason,
        CancellationToken ct
    )
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var current = await EnsureAsync(connection, transaction, proposed.County, ct);
        await connection.ExecuteAsync(
            new CommandDefinition(
                "SELECT 1 FROM county_settings WHERE county = @County FOR UPDATE",
                proposed,
                transaction,
                cancellationToken: ct
            )
        );
        current = (
            await connection.QuerySingleAsync<Row>(
                new CommandDefinition(
                    $"SELECT {Columns} FROM county_settings WHERE county = @County",
                    proposed,
                    transaction,
                    cancellationToken: ct
                )
            )
        ).ToSettings();
        var next = proposed with
        {
            Version = current.Version + 1,
            UpdatedAt = time.GetUtcNow(),
            UpdatedBy = $"{actor.Kind}:{actor.Id}",
        };
        const string sql = """
            UPDATE county_settings SET version = @Version, advanced_age = @AdvancedAge, min_disability_level =
                @MinDisabilityLevel,
                assessment_valid_months = @AssessmentValidMonths, allow_non_local_residents = @AllowNonLocalResidents,
                one_card_network = @OneCardNetwork, suspend_below = @SuspendBelow, low_fund_alert_days =
                    @LowFundAlertDays,
                mountain_or_island = @MountainOrIsland, anomaly_thresholds = @Thresholds::jsonb, updated_at =
                    @UpdatedAt, updated_by = @UpdatedBy
            WHERE county = @County
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, Parameters(next), transaction, cancellationToken: ct));
        await AuditAndPublishAsync(connection, transaction, next, actor, reason, ct);
        await transaction.CommitAsync(ct);
        return next;
    }

    private static async Task<bool> InsertAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        CountySettings s,
        CancellationToken ct
    )
    {
        const string sql = """
            INSERT INTO county_settings (county, version, advanced_age, min_disability_level, assessment_valid_months,
                allow_non_local_residents, one_card_network, suspend_below, low_fund_alert_days, mountain_or_island,
                anomaly_thresholds, updated_at, updated_by)
            VALUES (@County, @Version, @AdvancedAge, @MinDisabilityLevel, @AssessmentValidMonths,
                @AllowNonLocalResidents,
                @OneCardNetwork, @SuspendBelow, @LowFundAlertDays, @MountainOrIsland, @Thresholds::jsonb, @UpdatedAt,
                    @UpdatedBy)
            ON CONFLICT (county) DO NOTHING
            """;
        return await connection.ExecuteAsync(
                new CommandDefinition(sql, Parameters(s), transaction, cancellationToken: ct)
            ) == 1;
    }

    private static async Task AuditAndPublishAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        CountySettings s,
        Actor actor,
        string reason,
        CancellationToken ct
    )
    {
        const string audit = """
            INSERT INTO county_settings_history (county, version, settings, actor, reason, changed_at)
            VALUES (@County, @Version, @Json::jsonb, @Actor, @Reason, @UpdatedAt)
            """;
        await connection.ExecuteAsync(
            new CommandDefinition(
                audit,
                new
                {
                    s.County,
                    s.Version,
                    Json = JsonSerializer.Serialize(s, JsonSerializerOptions.Web),
                    Actor = $"{actor.Kind}:{actor.Id}",
                    Reason = reason,
                    s.UpdatedAt,
                },
                transaction,
                cancellationToken: ct
            )
        );
        await Outbox.AddAsync(connection, transaction, ChangedEvent(s, actor, reason), ct);
    }

    /// <summary>The settings as the event that publishes them (also sent again for a read model, ADR 0015).</summary>
    internal static CountySettingsChanged ChangedEvent(CountySettings s, Actor actor, string reason) =>
        new()
        {
            AggregateId = $"county-settings:{s.County}",
            AggregateVersion = s.Version,
            Actor = actor,
            Reason = reason,
            OccurredAt = s.UpdatedAt,
            County = s.County,
            AdvancedAge = s.AdvancedAge,
            MinDisabilityLevel = s.MinDisabilityLevel,
            AssessmentValidMonths = s.AssessmentValidMonths,
            AllowNonLocalResidents = s.AllowNonLocalResidents,
            OneCardNetwork = s.OneCardNetwork,
            SuspendBelow = s.SuspendBelow,
            LowFundAlertDays = s.LowFundAlertDays,
            MountainOrIsland = s.MountainOrIsland,
            AnomalyThresholds = s.AnomalyThresholds,
        };

    private static object Parameters(CountySettings s) =>
        new
        {
            s.County,
            s.Version,
            s.AdvancedAge,
            s.MinDisabilityLevel,
            s.AssessmentValidMonths,
            s.AllowNonLocalResidents,
            s.OneCardNetwork,
            s.SuspendBelow,
            s.LowFundAlertDays,
            s.MountainOrIsland,
            Thresholds = JsonSerializer.Serialize(s.AnomalyThresholds),
            s.UpdatedAt,
            s.UpdatedBy,
        };

    internal sealed record Row(
        string County,
        int Version,
        int AdvancedAge,
        int MinDisabilityLevel,
        int AssessmentValidMonths,
        bool AllowNonLocalResidents,
        bool OneCardNetwork,
        int SuspendBelow,
        int LowFundAlertDays,
        bool MountainOrIsland,
        string AnomalyThresholds,
        DateTime UpdatedAt,
        string UpdatedBy
    )
    {
        public CountySettings ToSettings() =>
            new(
                County,
                Version,
                AdvancedAge,
                MinDisabilityLevel,
                AssessmentValidMonths,
                AllowNonLocalResidents,
                OneCardNetwork,
                SuspendBelow,
                LowFundAlertDays,
                MountainOrIsland,
                JsonSerializer.Deserialize<Dictionary<string, long>>(AnomalyThresholds) ?? [],
                new DateTimeOffset(DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc)),
                UpdatedBy
            );
    }
}
