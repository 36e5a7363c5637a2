using Dapper;
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
    public static DatabaseOptions AddLoveCardDatabase(this IServiceCollection services, IConfiguration configuration, ServiceDefinition service)
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
            // Fail fast when the database is down, so terminals get a clean 503 rather than a hang.
            Timeout = 5,
            CommandTimeout = 30,
        };
        if (csb.MaxPoolSize == 100 && configuration["Database:MaxPoolSize"] is { } pool)
        {
            csb.MaxPoolSize = int.Parse(pool, System.Globalization.CultureInfo.InvariantCulture);
        }

        options.ConnectionString = csb.ConnectionString;
        services.AddSingleton(options);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(options.ConnectionString).Build());
        return options;
    }
}
