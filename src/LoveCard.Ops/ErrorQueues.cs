using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LoveCard.Ops;

/// <summary>
/// MassTransit moves a message that failed all its retries to <c>&lt;queue&gt;_error</c>, with the
/// fault in <c>MT-Fault-*</c> headers. Listing reads without consuming (unacknowledged gets are
/// returned when the channel closes); replaying republishes each message to its original queue with
/// publisher confirms and only then acknowledges it, so a crash mid-way can duplicate, never lose —
/// and the consumers' inbox drops duplicates.
/// </summary>
internal static class ErrorQueues
{
    private const string Suffix = "_error";

    public static async Task<int> ListQueuesAsync(BusConnection bus, TextWriter output)
    {
        // AMQP cannot enumerate queues; rabbitmqctl can, on the broker's machine.
        var info = new ProcessStartInfo("rabbitmqctl", ["list_queues", "-q", "-p", bus.VirtualHost, "name", "messages"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)
            ?? throw new OpsException("rabbitmqctl is not available; name the queue: errors list <queue>_error");
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new OpsException("rabbitmqctl failed: " + await process.StandardError.ReadToEndAsync());
        }

        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(cols => cols.Length == 2 && cols[0].EndsWith(Suffix, StringComparison.Ordinal))
            .ToList();
        foreach (var cols in rows)
        {
            output.WriteLine($"{cols[0]}\t{cols[1]} messages");
        }

        if (rows.Count == 0)
        {
            output.WriteLine("No error queues.");
        }

        return 0;
    }

    public static async Task<int> ListAsync(BusConnection bus, string queue, int max, TextWriter output)
    {
        RequireErrorQueue(queue);
        await using var connection = await bus.OpenAsync();
        await using var channel = await connection.CreateChannelAsync();
        var count = 0;
        while (count < max && await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            count++;
            var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
            output.WriteLine(
                $"#{count} messageId={message.BasicProperties.MessageId} type={message.BasicProperties.Type}"
            );
            foreach (
                var name in new[]
                {
                    "MT-Fault-ExceptionType",
                    "MT-Fault-Message",
                    "MT-Fault-Timestamp",
                    "MT-Fault-ConsumerType",
                    "MT-Reason",
                    "MT-Fault-InputAddress",
                }
            )
            {
                if (headers.TryGetValue(name, out var value) && value is not null)
                {
                    output.WriteLine($"   {name}: {Text(value)}");
                }
            }
        }

        output.WriteLine(count == 0 ? $"{queue} is empty." : $"{count} message(s) shown; nothing was removed.");
        return 0;
    }

    public static async Task<int> ReplayAsync(BusConnection bus, string queue, int max, TextWriter output)
    {
        RequireErrorQueue(queue);
        var target = queue[..^Suffix.Length];
        await using var connection = await bus.OpenAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)
        );
        try
        {
            await channel.QueueDeclarePassiveAsync(target);
        }
        catch (OperationInterruptedException)
        {
            throw new OpsException(
                $"The original queue {target} does not exist; is the service that consumes it deployed?"
            );
        }

        var replayed = 0;
        while (replayed < max && await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties)
            {
                Headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                    .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
                    .ToDictionary(h => h.Key, h => h.Value),
            };
            await channel.BasicPublishAsync("", target, mandatory: true, properties, message.Body);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false);
            replayed++;
        }

        output.WriteLine($"Replayed {replayed} message(s) from {queue} to {target}.");
        return 0;
    }

    private static void RequireErrorQueue(string queue)
    {
        if (!queue.EndsWith(Suffix, StringComparison.Ordinal))
        {
            throw new OpsException($"'{queue}' is not an error queue (names end in {Suffix}).");
        }
    }

    private static string Text(object value) =>
        value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => value.ToString() ?? "",
        };
}
