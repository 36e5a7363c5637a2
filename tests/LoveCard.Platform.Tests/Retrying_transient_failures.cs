using System.Text;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Platform.Tests;

/// <summary>
/// Transient is not poison (ADR 0014), against the real PostgreSQL and RabbitMQ: a consumer whose
/// database refuses connections keeps the message and retries it past the old retry budget (about
/// 70 s) until the database is back; a message that fails the same way every time goes to its error
/// queue at once, with the reason. The outage is made by a <see cref="DatabaseGate"/> in front of
/// this test's own service only.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class Retrying_transient_failures
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(75);

    [Test]
    public async Task A_message_outlasts_an_outage_longer_than_the_old_retry_budget_and_no_error_queue_sees_it()
    {
        await using var gate = new DatabaseGate();
        await using var host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?>
            {
                ["Database:Schema"] = "probe_transient",
                ["ConnectionStrings:Postgres"] = gate.ConnectionString,
                ["Bus:EndpointPrefix"] = "transient",
                // Come back within a few seconds of the database, not after the 30 s default pause.
                ["Bus:TransientRetryMaxDelayMs"] = "3000",
                ["ReadModels:ReconcileEverySeconds"] = "0",
            }
        );
        var queue = QueueOf(host, "care-worker-probe");
        var aggregate = $"outage-{Guid.NewGuid()}";

        gate.Refuse();
        await host.Services.GetRequiredService<IBus>().Publish(ProbeEvents.CareWorker(aggregate));
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < Outage)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.That(
                await TestInfrastructure.QueueDepthAsync(queue + "_error"),
                Is.Zero,
                "a refused connection is transient: never the error queue"
            );
        }

        Assert.Multiple(async () =>
        {
            Assert.That(
                await AppliedAsync(aggregate),
                Is.Zero,
                "nothing can be applied while the database refuses connections"
            );
            Assert.That(gate.Refused, Is.GreaterThan(10), "the consumer kept trying through the outage");
        });

        gate.Open();
        await Eventually.AssertAsync(
            async () => await AppliedAsync(aggregate) == 1,
            TimeSpan.FromSeconds(60),
            () => "the message kept through the outage is applied once the database is back"
        );
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Multiple(async () =>
        {
            Assert.That(await AppliedAsync(aggregate), Is.EqualTo(1), "applied exactly once");
            Assert.That(await TestInfrastructure.QueueDepthAsync(queue + "_error"), Is.Zero);
            Assert.That(await TestInfrastructure.QueueDepthAsync(queue), Is.Zero, "and acknowledged");
        });
    }

    [Test]
    public async Task A_message_that_fails_the_same_way_every_time_goes_to_the_error_queue_at_once_with_its_reason()
    {
        await using var host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?>
            {
                ["Database:Schema"] = "probe_poison",
                ["Bus:EndpointPrefix"] = "poison",
                ["ReadModels:ReconcileEverySeconds"] = "0",
            }
        );
        var errorQueue = QueueOf(host, "always-failing") + "_error";
        var before = await TestInfrastructure.QueueDepthAsync(errorQueue);
        var terminalId = $"T-{Guid.NewGuid():N}";

        var sent = DateTime.UtcNow;
        await host
            .Services.GetRequiredService<IBus>()
            .Publish(
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
        await Eventually.AssertAsync(
            async () => await TestInfrastructure.QueueDepthAsync(errorQueue) == before + 1,
            TimeSpan.FromSeconds(30)
        );
        var took = DateTime.UtcNow - sent;

        var headers = await HeadersOfLastAsync(errorQueue, terminalId);
        Assert.Multiple(() =>
        {
            // The test host retries a deterministic failure after 50, 100 and 200 ms; the deployed default is 200 ms
            // and 1 s.
            Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(20)), "poison is not retried for minutes");
            Assert.That(headers.GetValueOrDefault(TransientRequeueFilter.FailureHeader), Is.EqualTo("deterministic"));
            Assert.That(
                headers.GetValueOrDefault("MT-Fault-Message"),
                Does.Contain("fails until healed"),
                "the reason travels with the message"
            );
            Assert.That(headers.GetValueOrDefault("MT-Fault-ExceptionType"), Does.Contain("InvalidOperationException"));
        });
        TestContext.Progress.WriteLine($"poison message in {errorQueue} after {took.TotalSeconds:0.0} s");
    }

    private static async Task<long> AppliedAsync(string aggregate) =>
        await Database.ScalarAsync<long>(
            "probe_transient",
            "SELECT count(*) FROM probe_applied WHERE aggregate_id = @aggregate",
            new { aggregate }
        );

    private static string QueueOf(ServiceHost host, string consumer) =>
        host
            .Services.GetRequiredService<ConsumerEndpoints>()
            .Names.Single(n => n.Contains(consumer, StringComparison.Ordinal));

    /// <summary>The headers of the error-queue message about <paramref name="terminalId"/>, read without removing
    /// anything.</summary>
    private static async Task<Dictionary<string, string>> HeadersOfLastAsync(string queue, string terminalId)
    {
        await using var connection = await TestInfrastructure.CreateRabbitConnectionAsync("error-headers");
        await using var channel = await connection.CreateChannelAsync();
        while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
        {
            if (Encoding.UTF8.GetString(message.Body.Span).Contains(terminalId, StringComparison.Ordinal))
            {
                return (message.BasicProperties.Headers ?? new Dictionary<string, object?>()).ToDictionary(
                    h => h.Key,
                    h => h.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : h.Value?.ToString() ?? ""
                );
            }
        }

        Assert.Fail($"no message about {terminalId} in {queue}");
        return [];
    }
}
