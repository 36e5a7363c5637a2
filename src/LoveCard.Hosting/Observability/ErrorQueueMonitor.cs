using LoveCard.Hosting.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LoveCard.Hosting.Observability;

/// <summary>
/// Reports the depth of this service's <c>_error</c> queues as a metric, and logs a warning when
/// one holds messages, so an on-call engineer sees failed messages before a user does.
/// </summary>
internal sealed class ErrorQueueMonitor(
    BusOptions options,
    ConsumerEndpoints endpoints,
    ILogger<ErrorQueueMonitor> logger
) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = options.Host,
            Port = options.Port,
            VirtualHost = options.VirtualHost,
            UserName = options.Username,
            Password = options.Password,
            ClientProvidedName = $"{options.EndpointPrefix}-error-queue-monitor",
        };

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync(stoppingToken);
                IChannel? channel = null;
                while (!stoppingToken.IsCancellationRequested)
                {
                    foreach (var queue in ErrorQueues())
                    {
                        // One channel for every look (a channel per queue every round before); a look at
                        // a queue that does not exist yet closes it, and the next look opens another.
                        if (channel is not { IsOpen: true })
                        {
                            channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                        }

                        var depth = await DepthAsync(channel, queue, stoppingToken);
                        LoveCardMetrics.ErrorQueueDepth.WithLabels(queue).Set(depth);
                        if (depth > 0)
                        {
                            logger.LogWarning(
                                "Error queue {Queue} holds {Depth} messages; inspect and replay them with the "
                                    + "lovecard-ops tool",
                                queue,
                                depth
                            );
                        }
                    }

                    await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Error-queue monitor cannot reach RabbitMQ yet: {Error}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken);
            }
        }
    }

    private IEnumerable<string> ErrorQueues() =>
        endpoints.Names.Append(ReadModels.ReadModelSync.QueueOf(options.EndpointPrefix!)).Select(n => n + "_error");

    private static async Task<uint> DepthAsync(IChannel channel, string queue, CancellationToken ct)
    {
        try
        {
            var ok = await channel.QueueDeclarePassiveAsync(queue, ct);
            return ok.MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0; // no such queue yet: nothing has failed there
        }
    }
}
