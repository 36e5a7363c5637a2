using System.Diagnostics;
using LoveCard.Fault.Tests.Harness;

namespace LoveCard.Fault.Tests.Faults;

/// <summary>
/// F1 (issue 9): RabbitMQ is killed (<c>kill -9</c> of the broker VM, <c>infra.sh kill-rabbit</c>)
/// mid-load and kept down (light 15 s, heavy 45 s). Purchases do not need the broker, so they go on;
/// their <c>PurchaseSettled</c> events wait in the outbox, and after <c>start-rabbit</c> all of them
/// drain within 60 s and reach the audit trail and the public statistics once each.
/// </summary>
[Order(5)]
[Category(TestCategories.Disruptive)]
[NonParallelizable]
public sealed class F1_Killing_the_broker_mid_load
{
    [Test]
    public async Task Purchases_go_on_and_every_event_arrives_once_after_the_restart()
    {
        var settlement = await FaultWorld.MainAsync();
        var scenario = await FaultWorld.CreateScenarioAsync(settlement, elders: 10, terminals: 3);
        var outage = FaultProfile.Pick(15.0, 45.0);
        var clients = scenario.Terminals.Select(t => FaultWorld.Client(settlement.BaseAddress, t)).ToList();
        var load = new SteadyLoad();
        using var stopLoad = new CancellationTokenSource();
        var running = load.RunAsync(
            scenario,
            clients,
            5000,
            outage + TimeSpan.FromMinutes(3),
            TimeSpan.FromMilliseconds(150),
            stop: stopLoad.Token
        );

        await Task.Delay(TimeSpan.FromSeconds(3));
        var approvedBefore = load.Outcomes.Count(o => o.Approved);
        long pendingAtWorst = 0;
        int approvedDuringOutage;
        TimeSpan drained;
        try
        {
            await TestInfrastructure.InfraAsync("kill-rabbit");
            var down = Stopwatch.StartNew();
            while (down.Elapsed < outage)
            {
                pendingAtWorst = Math.Max(
                    pendingAtWorst,
                    await FaultWorld.CountAsync("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
                );
                await Task.Delay(500);
            }

            approvedDuringOutage = load.Outcomes.Count(o => o.Approved) - approvedBefore;
        }
        finally
        {
            await TestInfrastructure.InfraAsync("start-rabbit");
        }

        var up = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stopLoad.CancelAsync();
        await running;
        await Eventually.AssertAsync(
            async () => await FaultWorld.CountAsync("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0,
            TimeSpan.FromSeconds(60),
            () => "the outbox did not drain within 60 s of the broker coming back"
        );
        drained = up.Elapsed;
        foreach (var client in clients)
        {
            client.Dispose();
        }

        Assert.Multiple(() =>
        {
            Assert.That(approvedDuringOutage, Is.GreaterThan(0), "purchases went on without the broker");
            Assert.That(pendingAtWorst, Is.GreaterThan(0), "the outbox held the events while the broker was down");
            Assert.That(
                load.Outcomes.Where(o => o.Status != 200).Select(o => o.ToString()),
                Is.Empty,
                "no terminal noticed the broker was gone"
            );
        });
        using var direct = new DirectClients(settlement, scenario);
        await load.SettleAsync(direct.For, TimeSpan.FromSeconds(60));
        var summary = await FaultInvariants.AssertAsync(scenario, load.Outcomes);
        FaultProfile.Record(
            "F1",
            $"kill -9 RabbitMQ for {outage.TotalSeconds:0} s mid-load (3 terminals, 150 ms between purchases)",
            summary,
            $"{approvedDuringOutage} approved while the broker was down; outbox peaked at {pendingAtWorst} unsent; "
                + $"drained {drained.TotalSeconds:0} s after start-rabbit returned; each PurchaseSettled once in "
                + $"audit and public stats"
        );
    }
}
