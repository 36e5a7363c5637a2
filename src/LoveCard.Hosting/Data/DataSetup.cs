using Dapper;
using LoveCard.Hosting.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoveCard.Hosting.Data;

public static class DataSetup
{
    /// <summary>
    /// One <see cref="NpgsqlDataSource"/> per service, its search_path set to the service's schema so
    /// SQL stays unqualified, with auto-prepared statements for the hot paths (BENCHMARKS.md).
    /// </summary>
    public static DatabaseOptions AddLoveCardDatabase(
        this IServiceCollection services,
        IConfiguration configuration,
        ServiceDefinition service
    )
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyTypeHandler());
        SqlMapper.AddTypeHandler(new TimeOnlyTypeHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetTypeHandler());

        var options = new DatabaseOptions
        {
            ConnectionString = configuration.GetConnectionString("Postgres") ?? DatabaseOptions.DefaultConnectionString,
            Schema = configuration["Database:Schema"] ?? service.Schema,
        };

        var csb = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            SearchPath = options.Schema,
            ApplicationName = $"lovecard-{service.Name}",
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            CommandTimeout = 30,
        };
        // Only what the connection string itself names (the Npgsql builder reports every known key).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        bool Names(params string[] keys) => keys.Any(k => given.ContainsKey(k));
        // Opening a connection fails after this long, so a dead database answers a quick 503 instead
        // of a hang; a consumer retries the failure as transient (ADR 0014, ADR 0016).
        csb.Timeout = IntSetting(configuration, "Database:ConnectTimeoutSeconds")
            ?? (Names("Timeout") ? csb.Timeout : 5);
        // A connection string that names a pool size wins; then Database:MaxPoolSize; then the service's own default.
        csb.MaxPoolSize = Names("Maximum Pool Size", "Max Pool Size", "MaxPoolSize")
            ? csb.MaxPoolSize
            : IntSetting(configuration, "Database:MaxPoolSize") ?? service.MaxPoolSize;
        // A few connections kept open, so the first requests after a quiet spell do not all pay for a
        // new backend at once (that is when a busy machine timed connections out).
        csb.MinPoolSize = Names("Minimum Pool Size", "Min Pool Size", "MinPoolSize")
            ? csb.MinPoolSize
            : Math.Min(4, csb.MaxPoolSize);
        options.MaxPoolSize = csb.MaxPoolSize;
        options.MigrateAtStart = !string.Equals(
            configuration["Database:MigrateAtStart"],
            "false",
            StringComparison.OrdinalIgnoreCase
        );
        options.MigrateTimeoutSeconds = IntSetting(configuration, "Database:MigrateTimeoutSeconds")
            ?? options.MigrateTimeoutSeconds;

        options.ConnectionString = csb.ConnectionString;
        services.AddSingleton(options);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(options.ConnectionString).WithLoveCardTracing().Build());
        return options;
    }

    private static int? IntSetting(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } text
            ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
