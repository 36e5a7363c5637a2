using System.Globalization;
using Dapper;
using Npgsql;

namespace LoveCard.Deploy.Tests;

/// <summary>
/// <c>dotnet LoveCard.Settlement.dll migrate</c>, as the migrate Job runs it (ADR 0029): a real process
/// against a fresh database, then again against the current schema, then against a database that
/// never answers.
/// </summary>
public sealed class Migrating_before_the_rollout
{
    private const string Schema = "settlement_migrate_job";

    [Test]
    public async Task The_migrate_command_creates_the_schema_and_exits_0_and_a_second_run_changes_nothing()
    {
        await TestInfrastructure.EnsureReadyAsync();

        var first = Migrate(TestInfrastructure.ConnectionString);
        Assert.That(first.ExitCode, Is.Zero, first.Stdout + first.Stderr);
        Assert.That(first.Stdout, Does.Contain($"Schema {Schema} is current"));

        await using var connection = new NpgsqlConnection(TestInfrastructure.ConnectionString);
        var applied = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Schema}.schema_migrations");
        var scripts =
            Scripts(typeof(LoveCard.Settlement.SettlementApp), "migrations/")
            + Scripts(typeof(LoveCard.Hosting.ServiceProgram), "platform-migrations/");
        Assert.Multiple(async () =>
        {
            Assert.That(applied, Is.EqualTo(scripts), "every platform and settlement script, once");
            Assert.That(
                await connection.ExecuteScalarAsync<string?>($"SELECT to_regclass('{Schema}.purchases')::text"),
                Is.Not.Null
            );
            const string column = """
                SELECT count(*) FROM information_schema.columns
                WHERE table_schema = @Schema AND table_name = 'outbox' AND column_name = 'trace_parent'
                """;
            Assert.That(await connection.ExecuteScalarAsync<long>(column, new { Schema }), Is.EqualTo(1));
        });

        var second = Migrate(TestInfrastructure.ConnectionString);
        Assert.That(second.ExitCode, Is.Zero, second.Stdout + second.Stderr);
        Assert.That(second.Stdout, Does.Contain("0 migrations applied now"));
    }

    [Test]
    public void The_migrate_command_exits_non_zero_saying_why_when_the_database_never_answers()
    {
        // Nothing listens on port 1.
        const string nowhere = "Host=127.0.0.1;Port=1;Username=lovecard;Password=x;Database=none;Timeout=1";
        var result = Migrate(nowhere, timeoutSeconds: 3);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Stdout + result.Stderr);
        Assert.That(result.Stdout, Does.Contain("gave up: the database was not reachable within 3 s"));
    }

    private static int Scripts(Type inAssembly, string prefix) =>
        inAssembly.Assembly.GetManifestResourceNames().Count(n => n.StartsWith(prefix, StringComparison.Ordinal));

    private static ToolResult Migrate(string connectionString, int timeoutSeconds = 120)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Database__Schema"] = Schema,
            ["Database__MigrateTimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        string[] args = [ServiceDll("Settlement"), "migrate", "--environment=Development"];
        return Tools.Run("dotnet", args, environment: environment, timeoutSeconds: 180);
    }

    /// <summary>The service's own build output beside this test's (Debug or Release, as this test was built).</summary>
    private static string ServiceDll(string service)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var project = Path.Combine(Tools.Root, "src", $"LoveCard.{service}");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", $"LoveCard.{service}.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} not built");
        return dll;
    }
}
