using Dapper;
using LoveCard.Hosting.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoveCard.Platform.Tests;

/// <summary>
/// Stops the real RabbitMQ (deploy/local/infra.sh) while events are written and while a service
/// starts, then brings it back: nothing is lost and the service becomes ready by itself.
/// </summary>
[Category(TestCategories.Disruptive)]
[TestFixture]
[NonParallelizable]
public sealed class Surviving_a_broker_outage
{
    [Test]
    public async Task Events_written_while_RabbitMQ_is_down_arrive_after_it_returns_and_a_service_started_meanwhile_becomes_ready()
    {
        await using var running = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?> { ["Database:Schema"] = "probe_outage" }
        );
        var aggregates = Enumerable.Range(0, 50).Select(i => $"outage-{i}-{Guid.NewGuid()}").ToList();

        await TestInfrastructure.InfraAsync("stop-rabbit");
        ServiceHost? lateStarter = null;
        try
        {
            var source = running.Services.GetRequiredService<NpgsqlDataSource>();
            foreach (var aggregate in aggregates)
            {
                await using var connection = await source.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await Outbox.AddAsync(connection, transaction, ProbeEvents.CareWorker(aggregate));
                await transaction.CommitAsync();
            }

            lateStarter = await ServiceHost.StartAsync(
                ProbeApp.Create,
                new Dictionary<string, string?> { ["Database:Schema"] = "probe_late" },
                waitUntilReady: false
            );
            await Task.Delay(2000);
            using (var client = lateStarter.CreateClient())
            {
                var ready = await client.GetAsync("/health/ready");
                Assert.That((int)ready.StatusCode, Is.EqualTo(503), "not ready while the broker is down");
                var live = await client.GetAsync("/health/live");
                Assert.That((int)live.StatusCode, Is.EqualTo(200), "but alive");
            }

            Assert.That(
                await CountAsync(
                    running,
                    "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND aggregate_id = ANY(@aggregates)",
                    aggregates
                ),
                Is.EqualTo(50),
                "the outbox holds every event while the broker is away"
            );
        }
        finally
        {
            await TestInfrastructure.InfraAsync("start-rabbit");
        }

        await using (lateStarter)
        {
            await lateStarter!.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }

        // Both hosts are instances of the same service ("probe"), so they compete for one queue: an
        // event is applied by whichever instance took it, into that instance's schema. Count both.
        const string applied =
            "(SELECT aggregate_id FROM probe_outage.probe_applied UNION ALL SELECT aggregate_id FROM "
            + "probe_late.probe_applied) AS applied";
        await Eventually.AssertAsync(
            async () =>
                await CountAsync(
                    running,
                    $"SELECT count(*) FROM {applied} WHERE aggregate_id = ANY(@aggregates)",
                    aggregates
                ) == 50,
            TimeSpan.FromSeconds(60),
            () => "not every event written during the outage arrived"
        );
        await Task.Delay(1000);
        Assert.Multiple(async () =>
        {
            Assert.That(
                await CountAsync(
                    running,
                    $"SELECT count(DISTINCT aggregate_id) FROM {applied} WHERE aggregate_id = ANY(@aggregates)",
                    aggregates
                ),
                Is.EqualTo(50)
            );
            Assert.That(
                await CountAsync(
                    running,
                    $"SELECT count(*) FROM {applied} WHERE aggregate_id = ANY(@aggregates)",
                    aggregates
                ),
                Is.EqualTo(50),
                "none applied twice"
            );
            Assert.That(
                await CountAsync(running, "SELECT count(*) FROM outbox WHERE sent_at IS NULL", aggregates),
                Is.Zero,
                "the outbox drained"
            );
        });
    }

    private static async Task<long> CountAsync(ServiceHost host, string sql, List<string> aggregates)
    {
        await using var connection = await host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, new { aggregates = aggregates.ToArray() });
    }
}
