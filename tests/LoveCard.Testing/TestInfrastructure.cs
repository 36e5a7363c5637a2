using System.Reflection;
using Dapper;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LoveCard.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ the tests run against (started by <c>deploy/local/test.sh</c>).
/// Each test assembly gets its own fresh database and its own RabbitMQ vhost, so assemblies cannot
/// see each other's rows or messages. When a server is missing the tests fail with what to run:
/// they never skip and never fall back to a fake.
/// </summary>
public static class TestInfrastructure
{
    public static string PostgresHost => Environment.GetEnvironmentVariable("LOVECARD_TEST_PG_HOST") ?? "127.0.0.1";

    public static int PostgresPort =>
        int.Parse(
            Environment.GetEnvironmentVariable("LOVECARD_PG_PORT") ?? "5432",
            System.Globalization.CultureInfo.InvariantCulture
        );

    public static ushort RabbitPort =>
        ushort.Parse(
            Environment.GetEnvironmentVariable("LOVECARD_RABBIT_PORT") ?? "5672",
            System.Globalization.CultureInfo.InvariantCulture
        );

    /// <summary><c>lovecard_test_platform_tests</c> for LoveCard.Platform.Tests.</summary>
    /// <remarks><c>LOVECARD_TEST_SUFFIX</c> gives two concurrent local runs of one project their own database and
    /// vhost.</remarks>
    public static string DatabaseName { get; } = "lovecard_test_" + (ShortName() + Suffix).Replace('-', '_');

    /// <summary><c>lovecard-test-platform-tests</c>; created fresh by the test script for every run.</summary>
    public static string VirtualHost { get; } = "lovecard-test-" + ShortName() + Suffix;

    private static string Suffix =>
        Environment.GetEnvironmentVariable("LOVECARD_TEST_SUFFIX") is { Length: > 0 } suffix ? "-" + suffix : "";

    public static string ConnectionString => ConnectionStringFor(DatabaseName);

    public static string ConnectionStringFor(string database) =>
        $"Host={PostgresHost};Port={PostgresPort};Username=lovecard;Password=lovecard-dev;Database={database};Pooling=true;Maximum Pool Size=60";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _ready;

    /// <summary>Checks both servers and makes this assembly's database afresh (once per run).</summary>
    public static async Task EnsureReadyAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_ready)
            {
                return;
            }

            await RecreateDatabaseAsync();
            await CheckRabbitAsync();
            _ready = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task RecreateDatabaseAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres"));
            await connection.OpenAsync();
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
            await connection.ExecuteAsync($"CREATE DATABASE {DatabaseName}");
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {PostgresHost}:{PostgresPort} as user lovecard ({e.Message}). "
                    + "Start it with `deploy/local/infra.sh up`, or run the whole suite with `deploy/local/test.sh`.",
                e
            );
        }
    }

    private static async Task CheckRabbitAsync()
    {
        try
        {
            await using var connection = await CreateRabbitConnectionAsync("probe");
        }
        catch (Exception e)
            when (e is BrokerUnreachableException or OperationInterruptedException or System.Net.Sockets.SocketException
            )
        {
            throw new InvalidOperationException(
                $"RabbitMQ vhost '{VirtualHost}' is not reachable on 127.0.0.1:{RabbitPort} as user lovecard "
                    + $"({e.Message}). "
                    + $"Run `deploy/local/infra.sh up && deploy/local/infra.sh reset-test-vhost {VirtualHost}`, or "
                    + $"the whole suite with `deploy/local/test.sh`.",
                e
            );
        }
    }

    public static Task<IConnection> CreateRabbitConnectionAsync(string name) =>
        new ConnectionFactory
        {
            HostName = "127.0.0.1",
            Port = RabbitPort,
            VirtualHost = VirtualHost,
            UserName = "lovecard",
            Password = "lovecard-dev",
            ClientProvidedName = $"test-{name}",
        }.CreateConnectionAsync();

    /// <summary>Messages now in <paramref name="queue"/>, or 0 when it does not exist.</summary>
    public static async Task<uint> QueueDepthAsync(string queue)
    {
        await using var connection = await CreateRabbitConnectionAsync("depth");
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }

    /// <summary>Runs <c>deploy/local/infra.sh</c> with the given arguments (fault tests stop and start
    /// servers).</summary>
    public static async Task InfraAsync(params string[] args)
    {
        var script = Path.Combine(RepositoryRoot(), "deploy", "local", "infra.sh");
        var info = new System.Diagnostics.ProcessStartInfo("bash", [script, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"infra.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout}\n{await stderr}"
            );
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LoveCard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LoveCard.sln not found above " + AppContext.BaseDirectory);
    }

    private static string ShortName()
    {
        var name = (
            Assembly.GetEntryAssembly() is { } entry
            && entry.GetName().Name!.StartsWith("LoveCard.", StringComparison.Ordinal)
                ? entry
                : AppDomain
                    .CurrentDomain.GetAssemblies()
                    .First(a =>
                        a.GetName().Name!.StartsWith("LoveCard.", StringComparison.Ordinal)
                        && a.GetName().Name!.EndsWith(".Tests", StringComparison.Ordinal)
                    )
        )
            .GetName()
            .Name!;
        return name["LoveCard.".Length..].Replace('.', '-').ToLowerInvariant();
    }
}
