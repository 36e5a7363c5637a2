using System.Net;
using System.Net.Sockets;

namespace LoveCard.Fault.Tests.Harness;

/// <summary>
/// A TCP proxy between the terminal client and settlement that delays every chunk and, with the
/// given probabilities, loses traffic the three ways a bad network does: the connection is reset
/// before the request is forwarded (it never arrived), the answer is dropped after the server
/// acted (it arrived, the terminal never hears), or everything stalls until the client's timeout.
/// Used instead of <c>tc netem</c>, which would slow loopback for everyone on this machine.
/// </summary>
public sealed class LossyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Random _random = new(20261128);

    public LossyProxy(Uri upstream, TimeSpan delay, double resetRequest, double dropAnswer, double stall)
    {
        _upstream = new IPEndPoint(IPAddress.Loopback, upstream.Port);
        Delay = delay;
        ResetRequestProbability = resetRequest;
        DropAnswerProbability = dropAnswer;
        StallProbability = stall;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    public TimeSpan Delay { get; }

    public double ResetRequestProbability { get; }

    public double DropAnswerProbability { get; }

    public double StallProbability { get; }

    public int ResetRequests;
    public int DroppedAnswers;
    public int Stalls;

    private double Roll()
    {
        lock (_random)
        {
            return _random.NextDouble();
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
        using var _ = client;
        using var server = new TcpClient();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            await server.ConnectAsync(_upstream, connection.Token);
            var up = PumpAsync(client.GetStream(), server.GetStream(), towardsServer: true, connection);
            var down = PumpAsync(server.GetStream(), client.GetStream(), towardsServer: false, connection);
            await Task.WhenAny(up, down);
        }
        catch (Exception e)
            when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A lost connection is what this proxy is for.
        }
        finally
        {
            await connection.CancelAsync();
            client.Client.LingerState = new LingerOption(true, 0);
        }
    }

    /// <summary>Copies chunk by chunk, each after <see cref="Delay"/>; a chunk may be lost by one of the three faults,
    /// which ends the connection.</summary>
    private async Task PumpAsync(
        NetworkStream from,
        NetworkStream to,
        bool towardsServer,
        CancellationTokenSource connection
    )
    {
        var buffer = new byte[16 * 1024];
        while (!connection.IsCancellationRequested)
        {
            var read = await from.ReadAsync(buffer, connection.Token);
            if (read == 0)
            {
                return;
            }

            await Task.Delay(Delay, connection.Token);
            var roll = Roll();
            if (towardsServer && roll < ResetRequestProbability)
            {
                Interlocked.Increment(ref ResetRequests);
                return;
            }

            if (!towardsServer && roll < DropAnswerProbability)
            {
                Interlocked.Increment(ref DroppedAnswers);
                return;
            }

            if (roll > 1 - StallProbability)
            {
                // Hold the connection open and silent: only the client's timeout ends it.
                Interlocked.Increment(ref Stalls);
                await Task.Delay(Timeout.Infinite, connection.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), connection.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
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
