using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoveCard.Fault.Tests.Harness;

/// <summary>
/// One settlement service as a separate OS process (<c>dotnet LoveCard.Settlement.dll</c>) on a free
/// loopback port, against this assembly's test database and vhost, so a fault test can kill it
/// (<see cref="Kill"/> is SIGKILL: no shutdown hooks run) or run two of them side by side. Its log
/// goes to a file beside the test assembly, named in every failure message.
/// </summary>
public sealed class SettlementProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private SettlementProcess(Process process, int port, string logPath, StreamWriter log)
    {
        _process = process;
        Port = port;
        LogPath = logPath;
        _log = log;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Starts a process on <paramref name="port"/> (or a free one) and waits until <c>/health/ready</c>
    /// answers 200.</summary>
    public static async Task<SettlementProcess> StartAsync(
        string name,
        IDictionary<string, string>? settings = null,
        int? port = null
    )
    {
        var dll = FindSettlementDll();
        port ??= FreePort();
        var config = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            // Development: the services refuse the public development keys in Production, and the fault hook is
            // honoured only outside Production.
            ["environment"] = "Development",
            // Room for a few hundred concurrent terminal requests beside the consumers.
            ["ConnectionStrings:Postgres"] = TestInfrastructure.ConnectionString.Replace(
                "Maximum Pool Size=60",
                "Maximum Pool Size=100",
                StringComparison.Ordinal
            ),
            ["Database:Schema"] = FaultWorld.Schema,
            ["Bus:Host"] = "127.0.0.1",
            ["Bus:Port"] = TestInfrastructure.RabbitPort.ToString(CultureInfo.InvariantCulture),
            ["Bus:VirtualHost"] = TestInfrastructure.VirtualHost,
            // Bus retries stay at the platform defaults, as deployed: transient failures are retried for as long as
            // they last (ADR 0014).
            // The load is many purchases from few terminals; the gateway's limits are tested elsewhere.
            ["Terminal:RateLimit:TerminalTokensPerSecond"] = "10000",
            ["Terminal:RateLimit:TerminalBurst"] = "10000",
            ["Terminal:RateLimit:UnsignedTokensPerSecond"] = "10000",
            ["Terminal:RateLimit:UnsignedBurst"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            config[key] = value;
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in config)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var logDirectory = Path.Combine(AppContext.BaseDirectory, "fault-logs");
        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"{DateTime.UtcNow:HHmmss}-{name}-{port}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new SettlementProcess(process, port.Value, logPath, log);
        FaultWorld.Track(started);
        await started.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        return started;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process printed its last words after we closed the log.
            }
        }
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var last = "";
        await Eventually.AssertAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"settlement exited with {_process.ExitCode}; log {LogPath}");
                }

                var response = await http.GetAsync("/health/ready");
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                return response.StatusCode == HttpStatusCode.OK;
            },
            timeout,
            () => $"settlement on {BaseAddress} not ready ({last}); log {LogPath}"
        );
    }

    /// <summary>SIGKILL, as the kernel's OOM killer or a pulled plug would: nothing is flushed, nothing
    /// answers.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        try
        {
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Reported by the next start, if it matters.
        }

        lock (_log)
        {
            _log.Dispose();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The settlement build beside this test build: with <c>--artifacts-path</c> it is
    /// <c>bin/LoveCard.Settlement/&lt;config&gt;</c>, otherwise
    /// <c>src/LoveCard.Settlement/bin/&lt;Config&gt;/net10.0</c>;
    /// <c>LOVECARD_SETTLEMENT_DLL</c> overrides both.
    /// </summary>
    public static string FindSettlementDll()
    {
        if (Environment.GetEnvironmentVariable("LOVECARD_SETTLEMENT_DLL") is { Length: > 0 } given)
        {
            return given;
        }

        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var candidates = new List<string>
        {
            // artifacts/<x>/bin/LoveCard.Fault.Tests/debug → artifacts/<x>/bin/LoveCard.Settlement/debug
            Path.Combine(here.Parent!.Parent!.FullName, "LoveCard.Settlement", here.Name, "LoveCard.Settlement.dll"),
            // tests/LoveCard.Fault.Tests/bin/Debug/net10.0 → src/LoveCard.Settlement/bin/Debug/net10.0
            Path.Combine(
                TestInfrastructure.RepositoryRoot(),
                "src",
                "LoveCard.Settlement",
                "bin",
                here.Parent!.Name,
                here.Name,
                "LoveCard.Settlement.dll"
            ),
            // The referenced project's output copied beside this one.
            Path.Combine(here.FullName, "LoveCard.Settlement.dll"),
        };
        var found = candidates.FirstOrDefault(c =>
            File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json"))
        );
        return found
            ?? throw new InvalidOperationException(
                "LoveCard.Settlement.dll (with its runtimeconfig) not found; build the test project (it references "
                    + "settlement) or set LOVECARD_SETTLEMENT_DLL. Looked at: "
                    + string.Join(", ", candidates)
            );
    }
}
