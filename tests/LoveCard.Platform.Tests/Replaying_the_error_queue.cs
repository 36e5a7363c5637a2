using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using LoveCard.Ops;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoveCard.Platform.Tests;

[TestFixture]
[NonParallelizable]
public sealed class Replaying_the_error_queue
{
    [Test]
    public async Task A_failed_message_is_listed_then_replayed_by_the_ops_command_and_applied_once_the_fault_is_fixed()
    {
        await using var host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?> { ["Database:Schema"] = "probe_replay", ["Bus:EndpointPrefix"] = "replay" }
        );
        var source = host.Services.GetRequiredService<NpgsqlDataSource>();
        var errorQueue =
            host.Services.GetRequiredService<ConsumerEndpoints>()
                .Names.Single(n => n.Contains("always-failing", StringComparison.Ordinal)) + "_error";
        var terminalId = $"T-{Guid.NewGuid():N}";

        await using (var connection = await source.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Outbox.AddAsync(
                connection,
                transaction,
                new TerminalDisabled
                {
                    AggregateId = terminalId,
                    AggregateVersion = 1,
                    Actor = Actor.System("platform-tests"),
                    Reason = "test",
                    OccurredAt = DateTimeOffset.UtcNow,
                    TerminalId = terminalId,
                    ProviderId = Guid.NewGuid(),
                }
            );
            await transaction.CommitAsync();
        }

        await Eventually.AssertAsync(async () => await TestInfrastructure.QueueDepthAsync(errorQueue) >= 1);
        var depth = await TestInfrastructure.QueueDepthAsync(errorQueue);

        Environment.SetEnvironmentVariable("Bus__VirtualHost", TestInfrastructure.VirtualHost);
        var listing = new StringWriter();
        Assert.That(await OpsCommands.RunAsync(["errors", "list", errorQueue], listing, TextWriter.Null), Is.Zero);
        Assert.Multiple(async () =>
        {
            Assert.That(listing.ToString(), Does.Contain("fails until healed"));
            Assert.That(
                await TestInfrastructure.QueueDepthAsync(errorQueue),
                Is.EqualTo(depth),
                "listing removes nothing"
            );
        });

        await using (var connection = await source.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("INSERT INTO probe_switch (name) VALUES ('heal')");
        }

        var replay = new StringWriter();
        Assert.That(
            await OpsCommands.RunAsync(["errors", "replay", errorQueue], replay, TextWriter.Null),
            Is.Zero,
            replay.ToString()
        );

        await Eventually.AssertAsync(async () =>
        {
            await using var connection = await source.OpenConnectionAsync();
            return await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM probe_healed WHERE terminal_id = @terminalId",
                    new { terminalId }
                ) == 1;
        });
        Assert.That(await TestInfrastructure.QueueDepthAsync(errorQueue), Is.Zero);
    }
}
