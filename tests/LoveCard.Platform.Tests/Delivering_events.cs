using Dapper;
using LoveCard.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoveCard.Platform.Tests;

/// <summary>The outbox and inbox against the real PostgreSQL and RabbitMQ.</summary>
[TestFixture]
public sealed class Delivering_events
{
    private ServiceHost _host = null!;

    [OneTimeSetUp]
    public async Task Start() =>
        _host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?> { ["Database:Schema"] = "probe_delivery" }
        );

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task An_event_written_in_a_committed_transaction_arrives_exactly_once()
    {
        var aggregate = $"committed-{Guid.NewGuid()}";
        await WriteAsync(commit: true, ProbeEvents.CareWorker(aggregate));

        await Eventually.AssertAsync(async () => await AppliedCountAsync(aggregate) == 1);
        // Give a stray second delivery time to show up before concluding "once".
        await Task.Delay(1000);
        Assert.That(await AppliedCountAsync(aggregate), Is.EqualTo(1));
    }

    [Test]
    public async Task An_event_written_in_a_rolled_back_transaction_never_leaves()
    {
        var rolledBack = $"rolled-back-{Guid.NewGuid()}";
        var sentinel = $"sentinel-{Guid.NewGuid()}";
        await WriteAsync(commit: false, ProbeEvents.CareWorker(rolledBack));
        await WriteAsync(commit: true, ProbeEvents.CareWorker(sentinel));

        // The relay publishes in id order, so once the later sentinel arrived the earlier row would have too.
        await Eventually.AssertAsync(async () => await AppliedCountAsync(sentinel) == 1);
        Assert.Multiple(async () =>
        {
            Assert.That(await AppliedCountAsync(rolledBack), Is.Zero);
            Assert.That(
                await ScalarAsync<long>(
                    "SELECT count(*) FROM outbox WHERE aggregate_id = @rolledBack",
                    new { rolledBack }
                ),
                Is.Zero
            );
        });
    }

    [Test]
    public async Task A_message_delivered_twice_is_applied_once()
    {
        var aggregate = $"twice-{Guid.NewGuid()}";
        var messageId = Guid.NewGuid();
        var bus = _host.Services.GetRequiredService<IBus>();
        var message = ProbeEvents.CareWorker(aggregate);
        await bus.Publish(message, ctx => ctx.MessageId = messageId);
        await bus.Publish(message, ctx => ctx.MessageId = messageId);

        await Eventually.AssertAsync(async () =>
            await ScalarAsync<long>("SELECT count(*) FROM inbox WHERE message_id = @messageId", new { messageId }) == 1
            && await AppliedCountAsync(aggregate) == 1
        );
        await Task.Delay(1000);
        Assert.That(await AppliedCountAsync(aggregate), Is.EqualTo(1), "the redelivered copy must change nothing");
    }

    [Test]
    public async Task An_event_older_than_the_applied_version_is_ignored()
    {
        var aggregate = $"versions-{Guid.NewGuid()}";
        await WriteAsync(commit: true, ProbeEvents.CareWorker(aggregate, version: 2));
        await Eventually.AssertAsync(async () => await AppliedCountAsync(aggregate) == 1);

        await WriteAsync(commit: true, ProbeEvents.CareWorker(aggregate, version: 1));
        await WriteAsync(commit: true, ProbeEvents.CareWorker(aggregate, version: 3));

        await Eventually.AssertAsync(async () => await AppliedCountAsync(aggregate) == 2);
        var versions = await QueryAsync<long>(
            "SELECT version FROM probe_applied WHERE aggregate_id = @aggregate ORDER BY seq",
            new { aggregate }
        );
        Assert.That(
            versions,
            Is.EqualTo(new long[] { 2, 3 }),
            "version 1 arrived after version 2 and must not be applied"
        );
    }

    [Test]
    public async Task A_burst_of_versions_of_one_aggregate_never_applies_an_older_state_over_a_newer_one()
    {
        var aggregate = $"burst-{Guid.NewGuid()}";
        await using (var connection = await DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var version = 1; version <= 20; version++)
            {
                await Outbox.AddAsync(connection, transaction, ProbeEvents.CareWorker(aggregate, version));
            }

            await transaction.CommitAsync();
        }

        // The relay sends them in order, but the consumer works on several messages at once; the
        // version check (a row lock on aggregate_versions) orders the applications that do happen.
        await Eventually.AssertAsync(async () =>
            (
                await QueryAsync<long>(
                    "SELECT max(version) FROM probe_applied WHERE aggregate_id = @aggregate",
                    new { aggregate }
                )
            ).SingleOrDefault() == 20
        );
        var applied = await QueryAsync<long>(
            "SELECT version FROM probe_applied WHERE aggregate_id = @aggregate ORDER BY seq",
            new { aggregate }
        );
        Assert.That(applied, Is.Ordered.Ascending.And.Unique, "each application is newer than the one before");
    }

    [Test]
    public async Task A_failing_consumers_message_ends_in_the_error_queue_after_its_retries()
    {
        var errorQueue =
            _host
                .Services.GetRequiredService<ConsumerEndpoints>()
                .Names.Single(n => n.Contains("always-failing", StringComparison.Ordinal)) + "_error";
        var before = await TestInfrastructure.QueueDepthAsync(errorQueue);

        await WriteAsync(
            commit: true,
            new LoveCard.Contracts.Whitelist.TerminalDisabled
            {
                AggregateId = $"T-{Guid.NewGuid():N}",
                AggregateVersion = 1,
                Actor = LoveCard.Contracts.Actor.System("platform-tests"),
                Reason = "test",
                OccurredAt = DateTimeOffset.UtcNow,
                TerminalId = "T-probe",
                ProviderId = Guid.NewGuid(),
            }
        );

        await Eventually.AssertAsync(
            async () => await TestInfrastructure.QueueDepthAsync(errorQueue) == before + 1,
            because: () => $"{errorQueue} did not receive the failed message"
        );
        Assert.That(
            await ScalarAsync<long>(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND message_type LIKE '%TerminalDisabled'"
            ),
            Is.Zero,
            "the event itself was published; it is the consumer that failed"
        );
    }

    [Test]
    public async Task Events_written_during_bulk_work_leave_after_it()
    {
        var aggregate = $"bulk-{Guid.NewGuid()}";
        var bulkWork = _host.Services.GetRequiredService<BulkWork>();
        using (bulkWork.Begin())
        {
            await WriteAsync(commit: true, ProbeEvents.CareWorker(aggregate));
            // Several relay rounds (it looks every 250 ms while it waits): the event must stay in the outbox.
            await Task.Delay(1500);
            Assert.Multiple(async () =>
            {
                Assert.That(
                    await ScalarAsync<long>(
                        "SELECT count(*) FROM outbox WHERE aggregate_id = @aggregate AND sent_at IS NULL",
                        new { aggregate }
                    ),
                    Is.EqualTo(1),
                    "the relay of this process waits while bulk work runs (ADR 0008)"
                );
                Assert.That(await AppliedCountAsync(aggregate), Is.Zero);
            });
        }

        await Eventually.AssertAsync(
            async () => await AppliedCountAsync(aggregate) == 1,
            because: () => "the relay publishes once the bulk work has ended"
        );
    }

    private NpgsqlDataSource DataSource => _host.Services.GetRequiredService<NpgsqlDataSource>();

    private async Task WriteAsync(bool commit, LoveCard.Contracts.IntegrationEvent message)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Outbox.AddAsync(connection, transaction, message);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }

    private Task<long> AppliedCountAsync(string aggregate) =>
        ScalarAsync<long>("SELECT count(*) FROM probe_applied WHERE aggregate_id = @aggregate", new { aggregate });

    private async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    private async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }
}
