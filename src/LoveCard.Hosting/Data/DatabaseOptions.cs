namespace LoveCard.Hosting.Data;

public sealed class DatabaseOptions
{
    public const string DefaultConnectionString =
        "Host=127.0.0.1;Port=5432;Username=lovecard;Password=lovecard-dev;Database=lovecard";

    public string ConnectionString { get; set; } = DefaultConnectionString;

    /// <summary>The schema this service owns; every unqualified name resolves there.</summary>
    public string Schema { get; set; } = "";

    /// <summary>The connection pool's size as configured (connection string, <c>Database:MaxPoolSize</c> or the
    /// service's default).</summary>
    public int MaxPoolSize { get; set; } = 30;

    /// <summary>
    /// <c>Database:MigrateAtStart</c> (default true): the service applies its migrations when it starts.
    /// False where a migrate job runs them before the rollout (Kubernetes, docs/deploy.md): the service
    /// then waits, not ready, until its schema has every migration it knows.
    /// </summary>
    public bool MigrateAtStart { get; set; } = true;

    /// <summary><c>Database:MigrateTimeoutSeconds</c> (default 300): how long the migrate command waits for an
    /// unreachable database before it gives up.</summary>
    public int MigrateTimeoutSeconds { get; set; } = 300;
}
