using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using LoveCard.LoadTest.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace LoveCard.LoadTest.Messaging;

/// <summary>
/// R7 (BENCHMARKS.md): events per second from the outbox, through the relay and MassTransit, to an
/// inbox consumer that has applied them, against raw RabbitMQ.Client publishing the same number of
/// messages of the same size with publisher confirms to a durable queue and a consumer acking them.
/// </summary>
public static class EventsBench
{
    private const int WriteBatch = 500;

    public static async Task<int> RunAsync(Args args)
    {
        var n = args.Int("events", 100_000);
        var vhost = args.Get("vhost", "lovecard-bench");
        var schema = args.Get("schema", "bench_r7");
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
            ?? "Host=127.0.0.1;Port=5432;Username=lovecard;Password=lovecard-dev;Database=lovecard";

        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }

        // Reference first (BENCHMARKS.md), then the platform; both on a warmed-up process.
        var sample = JsonSerializer.SerializeToUtf8Bytes(Envelope(Event(0)));
        await RawRabbitAsync(vhost, Math.Min(n, 5_000), sample.Length);
        var raw = await RawRabbitAsync(vhost, n, sample.Length);
        Console.Error.WriteLine(
            $"[r7] raw RabbitMQ.Client: {n} messages of {sample.Length} B in {raw.TotalSeconds:F2} s = "
                + $"{n / raw.TotalSeconds:F0}/s"
        );

        var app = BenchApp.Create(schema, vhost);
        await app.StartAsync();
        try
        {
            var dataSource = new NpgsqlDataSourceBuilder(
                new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString
            ).Build();
            await WaitForAsync(
                async () => await CountAsync(dataSource, "schema_migrations") >= 1,
                TimeSpan.FromSeconds(60),
                "bench schema migrated"
            );

            // Warm-up: JIT, queue and exchange declaration, connection pools.
            await WriteAndWaitAsync(dataSource, Math.Min(n / 10, 2_000), TimeSpan.FromMinutes(2));
            var (platform, writeSeconds, relayedSeconds) = await WriteAndWaitAsync(
                dataSource,
                n,
                TimeSpan.FromMinutes(30)
            );
            Console.Error.WriteLine(
                $"[r7] outbox→relay→MassTransit→inbox: {n} events in {platform.TotalSeconds:F2} s = "
                    + $"{n / platform.TotalSeconds:F0}/s (writing took {writeSeconds:F2} s, the relay had published "
                    + $"all after {relayedSeconds:F2} s)"
            );

            var rawRate = n / raw.TotalSeconds;
            var platformRate = n / platform.TotalSeconds;
            await Results.WriteAsync(
                args,
                new
                {
                    id = "R7",
                    events = n,
                    messageBytes = sample.Length,
                    platform = new
                    {
                        eventsPerSecond = Math.Round(platformRate, 1),
                        seconds = Math.Round(platform.TotalSeconds, 3),
                        outboxWriteSeconds = Math.Round(writeSeconds, 3),
                        relayDrainedSeconds = Math.Round(relayedSeconds, 3),
                        relayEventsPerSecond = Math.Round(n / relayedSeconds, 1),
                    },
                    reference = new
                    {
                        name = "RabbitMQ.Client 7 publish with confirms + consumer acks",
                        messagesPerSecond = Math.Round(rawRate, 1),
                        seconds = Math.Round(raw.TotalSeconds, 3),
                    },
                    ratio = Math.Round(platformRate / rawRate, 3),
                    goal = ">= 0.3",
                    pass = platformRate / rawRate >= 0.3,
                }
            );

            var pending = await dataSource
                .CreateCommand("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
                .ExecuteScalarAsync();
            if (Convert.ToInt64(pending) != 0)
            {
                Console.Error.WriteLine(
                    $"[r7] INVARIANT BROKEN: {pending} outbox rows still pending after every event was applied"
                );
                return 3;
            }

            var dup = Convert.ToInt64(
                await dataSource
                    .CreateCommand("SELECT count(*) - count(DISTINCT message_id) FROM bench_applied")
                    .ExecuteScalarAsync()
            );
            if (dup != 0)
            {
                Console.Error.WriteLine($"[r7] INVARIANT BROKEN: {dup} events applied twice");
                return 3;
            }

            await dataSource.DisposeAsync();
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            if (!args.Flag("keep"))
            {
                await using var admin = new NpgsqlConnection(connectionString);
                await admin.OpenAsync();
                await admin.ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            }
        }

        return 0;
    }

    private static async Task<(TimeSpan Elapsed, double WriteSeconds, double RelayedSeconds)> WriteAndWaitAsync(
        NpgsqlDataSource dataSource,
        int n,
        TimeSpan timeout
    )
    {
        var before = await CountAsync(dataSource, "bench_applied");
        var watch = Stopwatch.StartNew();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            for (var written = 0; written < n; written += WriteBatch)
            {
                await using var tx = await connection.BeginTransactionAsync();
                await using var batch = new NpgsqlBatch(connection, tx);
                for (var i = written; i < Math.Min(n, written + WriteBatch); i++)
                {
                    batch.BatchCommands.Add(Outbox.CreateBatchCommand(Event(i)));
                }

                await batch.ExecuteNonQueryAsync();
                await tx.CommitAsync();
            }
        }

        var writeSeconds = watch.Elapsed.TotalSeconds;
        // When the relay has published (and marked) every row, versus when the consumer has applied
        // every event: which side of the broker limits the rate.
        double? relayedSeconds = null;
        await WaitForAsync(
            async () =>
            {
                if (relayedSeconds is null)
                {
                    await using var pending = dataSource.CreateCommand(
                        "SELECT count(*) FROM outbox WHERE sent_at IS NULL"
                    );
                    if (Convert.ToInt64(await pending.ExecuteScalarAsync()) == 0)
                    {
                        relayedSeconds = watch.Elapsed.TotalSeconds;
                    }
                }

                return await CountAsync(dataSource, "bench_applied") >= before + n;
            },
            timeout,
            $"{n} events applied",
            20
        );
        return (watch.Elapsed, writeSeconds, relayedSeconds ?? watch.Elapsed.TotalSeconds);
    }

    private static CareWorkerRegistered Event(int i) =>
        new()
        {
            AggregateId = Guid.NewGuid().ToString(),
            AggregateVersion = 1,
            Actor = Actor.System("bench-r7"),
            Reason = "benchmark",
            OccurredAt = DateTimeOffset.UtcNow,
            CareWorkerId = Guid.NewGuid(),
            ProviderId = Guid.NewGuid(),
            County = "330903",
            CertificateLevel = "senior",
            CertificateValidUntil = new DateOnly(2030, 1, 1),
        };

    /// <summary>The shape and size of a MassTransit JSON envelope, for the reference's message body.</summary>
    private static object Envelope(CareWorkerRegistered e) =>
        new
        {
            messageId = Guid.NewGuid(),
            correlationId = Guid.NewGuid(),
            conversationId = Guid.NewGuid(),
            sourceAddress = "rabbitmq://127.0.0.1/lovecard-bench/"
                + "host_bench_loadtest_abcdefghijklmnopqrstuvwxyz?temporary=true",
            destinationAddress = "rabbitmq://127.0.0.1/lovecard-bench/"
                + "LoveCard.Contracts.Whitelist:CareWorkerRegistered",
            messageType = new[]
            {
                "urn:message:LoveCard.Contracts.Whitelist:CareWorkerRegistered",
                "urn:message:LoveCard.Contracts:IntegrationEvent",
            },
            message = e,
            sentTime = DateTimeOffset.UtcNow,
            headers = new { },
            host = new
            {
                machineName = "bench",
                processName = "lovecard-loadtest",
                processId = 1,
                assembly = "lovecard-loadtest",
                assemblyVersion = "1.0.0.0",
                frameworkVersion = "10.0.0",
                massTransitVersion = "8.5.12.0",
                operatingSystemVersion = "Unix 6.0.0",
            },
        };

    private static async Task<TimeSpan> RawRabbitAsync(string vhost, int n, int bodySize)
    {
        var factory = new ConnectionFactory
        {
            HostName = Environment.GetEnvironmentVariable("Bus__Host") ?? "127.0.0.1",
            Port = int.Parse(
                Environment.GetEnvironmentVariable("Bus__Port") ?? "5672",
                System.Globalization.CultureInfo.InvariantCulture
            ),
            UserName = Environment.GetEnvironmentVariable("Bus__Username") ?? "lovecard",
            Password = Environment.GetEnvironmentVariable("Bus__Password") ?? "lovecard-dev",
            VirtualHost = vhost,
        };
        const string queue = "bench-raw-reference";
        await using var consumerConnection = await factory.CreateConnectionAsync("bench-raw-consumer");
        await using var publisherConnection = await factory.CreateConnectionAsync("bench-raw-publisher");
        await using var consumerChannel = await consumerConnection.CreateChannelAsync();
        await consumerChannel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await consumerChannel.QueuePurgeAsync(queue);
        // The same prefetch as the services' consumers (Bus:PrefetchCount).
        await consumerChannel.BasicQosAsync(0, 32, false);

        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, false);
            if (Interlocked.Increment(ref received) == n)
            {
                done.TrySetResult();
            }
        };
        var tag = await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);

        var body = new byte[bodySize];
        Encoding.UTF8.GetBytes(new string('x', bodySize), body);
        var properties = new BasicProperties { Persistent = true, ContentType = "application/vnd.masstransit+json" };
        var watch = Stopwatch.StartNew();
        // Confirms are tracked per message; up to 32 publishes in flight, as the relay's 32 publishers.
        await using var publisher = await publisherConnection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)
        );
        var next = -1;
        await Task.WhenAll(
            Enumerable
                .Range(0, 32)
                .Select(async _ =>
                {
                    while (Interlocked.Increment(ref next) < n)
                    {
                        properties.MessageId = Guid.NewGuid().ToString();
                        await publisher.BasicPublishAsync(
                            "",
                            queue,
                            mandatory: true,
                            basicProperties: properties,
                            body: body
                        );
                    }
                })
        );

        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30)))
        {
            await done.Task.WaitAsync(timeout.Token);
        }

        var elapsed = watch.Elapsed;
        await consumerChannel.BasicCancelAsync(tag);
        await consumerChannel.QueueDeleteAsync(queue);
        return elapsed;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string table)
    {
        try
        {
            await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {table}");
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    internal static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, int pollMs = 200)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout} waiting for: {what}");
            }

            await Task.Delay(pollMs);
        }
    }
}
