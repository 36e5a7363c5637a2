using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LoveCard.Hosting.Data;

/// <summary>
/// Applies the platform scripts, then the service's numbered <c>migrations/NNN_name.sql</c>, each
/// once, in order, under a PostgreSQL advisory lock keyed by schema, so two instances starting at
/// once both succeed and every script runs once. A script already applied whose text changed
/// stops the start-up: landed migrations are never edited (STYLE.md §6).
/// </summary>
public sealed class Migrator(
    NpgsqlDataSource dataSource,
    DatabaseOptions options,
    ServiceDefinition service,
    ILogger<Migrator> logger
)
{
    public async Task<int> MigrateAsync(CancellationToken ct)
    {
        var scripts = LoadScripts(typeof(Migrator).Assembly, "platform-migrations/", "platform")
            .Concat(LoadScripts(service.Assembly, "migrations/", service.Name))
            .ToList();

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var lockKey = $"lovecard.migrate.{options.Schema}";
        await connection.ExecuteAsync(
            new CommandDefinition("SELECT pg_advisory_lock(hashtext(@lockKey))", new { lockKey }, cancellationToken: ct)
        );
        try
        {
            var schema = QuoteIdentifier(options.Schema);
            await connection.ExecuteAsync(
                new CommandDefinition(
                    $"""
                    CREATE SCHEMA IF NOT EXISTS {schema};
                    CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                        id         text PRIMARY KEY,
                        checksum   text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    );
                    """,
                    cancellationToken: ct
                )
            );

            var applied = (
                await connection.QueryAsync<(string Id, string Checksum)>(
                    new CommandDefinition($"SELECT id, checksum FROM {schema}.schema_migrations", cancellationToken: ct)
                )
            ).ToDictionary(r => r.Id, r => r.Checksum);

            var count = 0;
            foreach (var script in scripts)
            {
                if (applied.TryGetValue(script.Id, out var checksum))
                {
                    if (checksum != script.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {script.Id} was changed after it was applied to schema {options.Schema}. Add "
                                + $"a new migration instead."
                        );
                    }

                    continue;
                }

                await using var tx = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(
                    new CommandDefinition($"SET LOCAL search_path TO {schema}", transaction: tx, cancellationToken: ct)
                );
                await connection.ExecuteAsync(
                    new CommandDefinition(script.Sql, transaction: tx, cancellationToken: ct)
                );
                await connection.ExecuteAsync(
                    new CommandDefinition(
                        $"INSERT INTO {schema}.schema_migrations (id, checksum) VALUES (@Id, @Checksum)",
                        new { script.Id, script.Checksum },
                        tx,
                        cancellationToken: ct
                    )
                );
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {MigrationId} to schema {Schema}", script.Id, options.Schema);
                count++;
            }

            return count;
        }
        finally
        {
            await connection.ExecuteAsync(
                new CommandDefinition(
                    "SELECT pg_advisory_unlock(hashtext(@lockKey))",
                    new { lockKey },
                    cancellationToken: CancellationToken.None
                )
            );
        }
    }

    /// <summary>
    /// The scripts not yet applied to the schema (all of them when it has no journal yet), for a
    /// service that leaves migrating to the migrate job (<c>Database:MigrateAtStart=false</c>).
    /// </summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        var scripts = LoadScripts(typeof(Migrator).Assembly, "platform-migrations/", "platform")
            .Concat(LoadScripts(service.Assembly, "migrations/", service.Name))
            .ToList();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var journal = await connection.ExecuteScalarAsync<string?>(
            new CommandDefinition(
                "SELECT to_regclass(@name)::text",
                new { name = $"{QuoteIdentifier(options.Schema)}.schema_migrations" },
                cancellationToken: ct
            )
        );
        if (journal is null)
        {
            return scripts.Select(s => s.Id).ToList();
        }

        var applied = (
            await connection.QueryAsync<string>(
                new CommandDefinition(
                    $"SELECT id FROM {QuoteIdentifier(options.Schema)}.schema_migrations",
                    cancellationToken: ct
                )
            )
        ).ToHashSet();
        return scripts.Where(s => !applied.Contains(s.Id)).Select(s => s.Id).ToList();
    }

    internal static string QuoteIdentifier(string name) =>
        "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static IEnumerable<MigrationScript> LoadScripts(Assembly assembly, string prefix, string scope)
    {
        foreach (
            var name in assembly
                .GetManifestResourceNames()
                .Where(n =>
                    n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)
                )
                .Order(StringComparer.Ordinal)
        )
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            var checksum = Convert.ToHexStringLower(
                SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n")))
            );
            yield return new MigrationScript($"{scope}/{name[prefix.Length..]}", sql, checksum);
        }
    }

    private sealed record MigrationScript(string Id, string Sql, string Checksum);
}
