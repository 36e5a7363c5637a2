using LoveCard.Hosting.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LoveCard.Hosting.ReadModels;

/// <summary>Messages waiting in this service's queues, read with a passive declare on a connection of its
/// own.</summary>
public sealed class QueueDepthProbe(BusOptions options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IConnection? _connection;

    /// <summary>Messages ready in <paramref name="queue"/> (0 when it does not exist yet).</summary>
    public async Task<long> DepthAsync(string queue, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                }

                _connection = await new ConnectionFactory
                {
                    HostName = options.Host,
                    Port = options.Port,
                    VirtualHost = options.VirtualHost,
                    UserName = options.Username,
                    Password = options.Password,
                    ClientProvidedName = $"{options.EndpointPrefix}-queue-depths",
                }.CreateConnectionAsync(ct);
            }

            await using var channel = await _connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
            }
            catch (OperationInterruptedException)
            {
                return 0;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
