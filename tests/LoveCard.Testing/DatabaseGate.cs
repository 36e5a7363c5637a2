using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LoveCard.Testing;

/// <summary>
/// A loopback TCP proxy between one test's services and PostgreSQL, so a test can make the database
/// refuse or stall new connections for those services only, never for the shared server that other
/// tests use at the same time. <see cref="Refuse"/> resets every new connection at once;
/// <see cref="Stall"/> accepts it and never answers (the client's connect timeout ends it); both cut
/// the connections already open first, as a database restart would. <see cref="Open"/> ends the fault.
/// </summary>
public sealed class DatabaseGate : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, (TcpClient Client, TcpClient? Server)> _live = new();
    private readonly Task _accepting;
    private int _next;
    private volatile GateMode _mode = GateMode.Open;

    public DatabaseGate()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public GateMode Mode => _mode;

    /// <summary>Connections refused and stalled so far.</summary>
    public int Refused;

    public int Stalled;

    /// <summary>This assembly's test database, reached through the gate.</summary>
    public string ConnectionString =>
        new Npgsql.NpgsqlConnectionStringBuilder(TestInfrastructure.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = Port,
        }.ConnectionString;

    public void Open() => _mode = GateMode.Open;

    public void Refuse() => Close(GateMode.Refuse);

    public void Stall() => Close(GateMode.Stall);

    private void Close(GateMode mode)
    {
        _mode = mode;
        foreach (var key in _live.Keys)
        {
            if (_live.TryRemove(key, out var pair))
            {
                Reset(pair.Client);
                pair.Server?.Dispose();
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var id = Interlocked.Increment(ref _next);
        switch (_mode)
        {
            case GateMode.Refuse:
                Interlocked.Increment(ref Refused);
                Reset(client);
                return;
            case GateMode.Stall:
                Interlocked.Increment(ref Stalled);
                _live[id] = (client, null);
                // Hold it silent until the client gives up, the gate changes or the test ends.
                while (_mode == GateMode.Stall && client.Connected && !_stop.IsCancellationRequested)
                {
                    await Task.Delay(200);
                }

                if (_live.TryRemove(id, out _))
                {
                    Reset(client);
                }

                return;
        }

        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, TestInfrastructure.PostgresPort, _stop.Token);
            _live[id] = (client, server);
            using var pair = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), pair.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), pair.Token);
            await Task.WhenAny(up, down);
            await pair.CancelAsync();
        }
        catch (Exception e)
            when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A cut connection is what this gate is for.
        }
        finally
        {
            if (_live.TryRemove(id, out _))
            {
                Reset(client);
            }

            server.Dispose();
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Close(GateMode.Open);
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }
}
