using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LoveCard.Backup.Tests;

/// <summary>
/// A PostgreSQL 15 cluster of this test's own: made with initdb in a temporary directory, listening
/// on a free loopback port, archiving its WAL with <c>deploy/backup/archive-wal.sh</c>. The shared
/// server on 5432 is never touched. PostgreSQL refuses to run as root, so as root the server runs as
/// the <c>postgres</c> user, which owns the directory.
/// </summary>
public sealed class PrivateCluster
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    private PrivateCluster(string root, string data, int port)
    {
        Root = root;
        Data = data;
        Port = port;
    }

    public string Root { get; }

    public string Data { get; }

    public int Port { get; }

    public string Archive => Path.Combine(Root, "archive");

    public string ConnectionString(string database = "drill") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false";

    /// <summary>A directory owned by the server's user, for the cluster, its archive and the backups.</summary>
    public static string NewRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), $"lovecard-drill-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "archive"));
        Directory.CreateDirectory(Path.Combine(root, "backups"));
        Chown(root);
        return root;
    }

    public static async Task<PrivateCluster> InitAsync(string root)
    {
        var data = Path.Combine(root, "primary");
        var port = FreePort();
        await RunAsync(
            AsServer([Path.Combine(Bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"])
        );
        var script = Path.Combine(Repository.Root, "deploy", "backup", "archive-wal.sh");
        await File.AppendAllTextAsync(
            Path.Combine(data, "postgresql.conf"),
            $"""

            port = {port}
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{root}'
            archive_mode = on
            archive_command = '{script} %p %f {Path.Combine(root, "archive")}'
            archive_timeout = 60
            max_connections = 60
            shared_buffers = 32MB

            """
        );
        var cluster = new PrivateCluster(root, data, port);
        await cluster.StartAsync();
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE drill", connection);
        await create.ExecuteNonQueryAsync();
        return cluster;
    }

    /// <summary>A cluster restored by <c>deploy/backup/restore.sh</c> into <paramref name="data"/>, running.</summary>
    public static PrivateCluster Restored(string root, string data, int port) => new(root, data, port);

    public Task StartAsync() =>
        RunAsync(AsServer([Path.Combine(Bin, "pg_ctl"), "-D", Data, "-l", Data + ".log", "-w", "-t", "120", "start"]));

    /// <summary>Immediate stop: the drill's clusters hold nothing worth a clean shutdown.</summary>
    public Task StopAsync() =>
        RunAsync(AsServer([Path.Combine(Bin, "pg_ctl"), "-D", Data, "-m", "immediate", "-w", "stop"]), check: false);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string[] AsServer(string[] command) =>
        IsRoot ? ["runuser", "-u", "postgres", "--", .. command] : command;

    private static void Chown(string path)
    {
        if (IsRoot)
        {
            RunAsync(["chown", "-R", "postgres:postgres", path]).GetAwaiter().GetResult();
        }
    }

    /// <summary>Runs a command to its end; its standard output, or a failure with both outputs.</summary>
    public static async Task<string> RunAsync(
        string[] command,
        IDictionary<string, string>? environment = null,
        bool check = true
    )
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
        {
            Assert.Fail($"{string.Join(' ', command)} exited {process.ExitCode}:\n{await output}\n{await error}");
        }

        return await output;
    }
}
