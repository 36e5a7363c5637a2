using System.Globalization;
using LoveCard.Contracts.ReadModels;
using LoveCard.Hosting.ReadModels;
using MassTransit;

namespace LoveCard.Ops;

/// <summary>
/// <c>rebuild &lt;service&gt;</c>: asks a service over the bus to rebuild its read models from their
/// sources while it runs (ADR 0015), then follows the run until it ends. Nothing is emptied: the
/// read models keep answering while every aggregate's current state is applied again.
/// </summary>
internal static class Rebuilds
{
    public static async Task<int> RunAsync(BusConnection connection, string service, Options options, TextWriter output)
    {
        const StringSplitOptions split = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        var kinds = options.Get("kinds")?.Split(',', split) ?? [];
        var timeout = TimeSpan.FromMinutes(options.Int("timeout-minutes", 60));
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
            cfg.Host(connection.Host, (ushort)connection.Port, connection.VirtualHost, h =>
            {
                h.Username(connection.Username);
                h.Password(connection.Password);
            })
        );
        using var cancel = new CancellationTokenSource(timeout);
        await bus.StartAsync(cancel.Token);
        try
        {
            var address = new Uri("queue:" + ReadModelSync.QueueOf(service));
            var start = bus.CreateRequestClient<RebuildReadModels>(address, RequestTimeout.After(s: 60));
            var status = (
                await start.GetResponse<ReadModelRebuildStatus>(
                    new RebuildReadModels
                    {
                        RequestedBy = $"lovecard-ops:{Environment.UserName}@{Environment.MachineName}",
                        Kinds = kinds,
                    },
                    cancel.Token
                )
            ).Message;
            var kindList = string.Join(", ", status.Kinds);
            output.WriteLine($"Rebuild {status.RunId} of {service}'s read models ({kindList}) started.");
            if (options.Get("wait") == "false")
            {
                return 0;
            }

            var follow = bus.CreateRequestClient<GetReadModelRebuild>(address, RequestTimeout.After(s: 60));
            var shown = "";
            while (status.Status == "running")
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancel.Token);
                var ask = new GetReadModelRebuild { RunId = status.RunId };
                status = (await follow.GetResponse<ReadModelRebuildStatus>(ask, cancel.Token)).Message;
                var line = Progress(status);
                if (line != shown)
                {
                    output.WriteLine(line);
                    shown = line;
                }
            }

            var took = status.FinishedAt - status.StartedAt;
            output.WriteLine(
                $"Rebuild {status.RunId}: {status.Status}"
                    + (took is { } t ? $" in {t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "")
                    + (status.Detail is { } detail ? $" ({detail})" : ".")
            );
            return status.Status == "succeeded" ? 0 : 1;
        }
        catch (RequestTimeoutException)
        {
            throw new OpsException(
                $"{service} did not answer on {ReadModelSync.QueueOf(service)}; is it running (and ready)?"
            );
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new OpsException(
                $"Gave up waiting after {timeout.TotalMinutes} min; the rebuild goes on in the service."
            );
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static string Progress(ReadModelRebuildStatus s) =>
        $"  {s.Aggregates} aggregates read, {s.Republished} states sent, {s.Pending} not applied yet";
}
