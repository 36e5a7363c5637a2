using LoveCard.Hosting.Data;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Platform.Tests;

/// <summary>
/// <c>Database:MigrateAtStart=false</c>, as in Kubernetes (ADR 0029): the service applies nothing itself and
/// stays not ready until the migrate job has brought its schema up to date.
/// </summary>
[TestFixture]
public sealed class Waiting_for_the_migrate_job
{
    [Test]
    public async Task A_service_that_does_not_migrate_at_start_is_ready_only_once_its_schema_is_current()
    {
        var schema = $"wait_{Guid.NewGuid():N}"[..20];
        await using var host = await ServiceHost.StartAsync(
            ProbeApp.Create,
            new Dictionary<string, string?> { ["Database:Schema"] = schema, ["Database:MigrateAtStart"] = "false" },
            waitUntilReady: false
        );
        var migrator = host.Services.GetRequiredService<Migrator>();

        await Task.Delay(TimeSpan.FromSeconds(2));
        using var client = host.CreateClient();
        var waiting = await client.GetAsync("/health/ready");
        Assert.Multiple(async () =>
        {
            Assert.That((int)waiting.StatusCode, Is.EqualTo(503), "not ready before the job ran");
            Assert.That(
                await migrator.PendingAsync(CancellationToken.None),
                Is.Not.Empty,
                "and it applied nothing itself"
            );
        });

        // What the migrate job does (the same Migrator, from another process in a cluster).
        await migrator.MigrateAsync(CancellationToken.None);

        await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        Assert.That(await migrator.PendingAsync(CancellationToken.None), Is.Empty);
    }
}
