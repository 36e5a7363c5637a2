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
}
