using System.Reflection;

namespace LoveCard.Hosting;

/// <summary>What the shared hosting needs to know about one service.</summary>
/// <param name="Name">Short name, also the queue-name prefix, e.g. <c>settlement</c>.</param>
/// <param name="Schema">The service's PostgreSQL schema (overridable with <c>Database:Schema</c>).</param>
/// <param name="DefaultPort">The loopback port used when no URL is configured.</param>
/// <param name="Assembly">The assembly holding the service's embedded <c>migrations/*.sql</c>.</param>
/// <param name="MaxPoolSize">
/// The service's default PostgreSQL connection pool size (ADR 0016): what it needs at its peak, so
/// that the pools of all services stay well below the server's <c>max_connections</c>.
/// </param>
public sealed record ServiceDefinition(
    string Name,
    string Schema,
    int DefaultPort,
    Assembly Assembly,
    int MaxPoolSize = 30
);
