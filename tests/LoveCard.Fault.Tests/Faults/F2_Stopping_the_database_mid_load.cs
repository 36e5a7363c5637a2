using System.Diagnostics;
using LoveCard.Fault.Tests.Harness;
using LoveCard.Terminal;
using Npgsql;

namespace LoveCard.Fault.Tests.Faults;

/// <summary>
/// F2 (issue 9): PostgreSQL stopped hard mid-load (<c>infra.sh stop-postgres</c>: fast, then
/// immediate shutdown) for a few seconds (light 8 s, heavy 20 s: it stops everyone's database on
/// this machine) and always started again in <c>finally</c>. Terminals get clean, quick errors (503
/// <c>database_unavailable</c>), not hangs; every purchase a terminal saw approved is recorded;
/// retries with the same key after recovery give one outcome; the same process recovers.
/// </summary>
[Order(6)]
[Category(TestCategories.Disruptive)]
[NonParallelizable]
public sealed class F2_Stopping_the_database_mid_load
{
    [Test]
    public async Task Terminals_get_quick_errors_and_the_service_recovers_without_a_restart()
    {
        var settlement = await FaultWorld.MainAsync();
        var pid = settlement.ProcessId;
        var scenario = await FaultWorld.CreateScenarioAsync(settlement, elders: 10, terminals: 3);
        var outage = FaultProfile.Pick(8.0, 20.0);
        // Few attempts, so terminals give up during the outage and the keys they hold are retried after it.
        var clients = scenario
            .Terminals.Select(t => FaultWorld.Client(settlement.BaseAddress, t, o =>
                {
                    o.MaxAttempts = 2;
                    o.AttemptTimeout = TimeSpan.FromSeconds(15);
                }))
            .ToList();
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

        var probes = new List<(int? Status, string? Code, TimeSpan Took)>();
        using var probe = FaultWorld.Client(settlement.BaseAddress, scenario.Terminals[0], o =>
            o.AttemptTimeout = TimeSpan.FromSeconds(30)
        );
        try
        {
            await TestInfrastructure.InfraAsync("stop-postgres");
            var down = Stopwatch.StartNew();
            while (down.Elapsed < outage)
            {
                // One send, no retries: how long does a terminal wait for its answer while the database is gone?
                var watch = Stopwatch.StartNew();
                try
                {
                    var answer = await probe.SendAsync(
                        HttpMethod.Post,
                        "/terminal/v1/purchases",
                        FaultWorld.PurchaseBody(scenario.Elders[0]),
                        TerminalClient.NewIdempotencyKey(),
                        signed: true,
                        RetryPolicy.None
                    );
                    probes.Add(((int)answer.Status, answer.TryReadProblem()?.Code, watch.Elapsed));
                }
                catch (TerminalUnreachableException)
                {
                    probes.Add((null, "unreachable", watch.Elapsed));
                }

                await Task.Delay(500);
            }
        }
        finally
        {
            await TestInfrastructure.InfraAsync("start-postgres");
            NpgsqlConnection.ClearAllPools();
        }

        // The same process (no restart) is ready again and sells again.
        await settlement.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var after = new SteadyLoad();
        await after.RunAsync(scenario, clients.Take(1).ToList(), 3, TimeSpan.FromSeconds(60), TimeSpan.Zero);
        await stopLoad.CancelAsync();
        await running;
        foreach (var client in clients)
        {
            client.Dispose();
        }

        var failedDuringOutage = load.Outcomes.Count(o => o.Status != 200);
        using var direct = new DirectClients(settlement, scenario);
        var mismatches = await load.SettleAsync(direct.For, TimeSpan.FromSeconds(90));
        Assert.Multiple(() =>
        {
            Assert.That(settlement.HasExited, Is.False, "the process survived");
            Assert.That(settlement.ProcessId, Is.EqualTo(pid), "and was not restarted");
            Assert.That(probes, Is.Not.Empty);
            Assert.That(
                probes.Where(p => p.Status is not (200 or 503)).Select(p => p.ToString()),
                Is.Empty,
                "errors are clean 503 problems"
            );
            Assert.That(probes.Where(p => p.Status == 503).Select(p => p.Code), Is.All.EqualTo("database_unavailable"));
            Assert.That(
                probes.Select(p => p.Took),
                Is.All.LessThan(TimeSpan.FromSeconds(12)),
                "an answer within bounded time, not a hang"
            );
            Assert.That(probes.Count(p => p.Status == 503), Is.GreaterThan(0), "the outage was seen");
            Assert.That(
                after.Outcomes.Select(o => o.Status),
                Is.All.EqualTo(200),
                "purchases work again after recovery"
            );
            Assert.That(mismatches, Is.Empty, "an answer a terminal got is the answer its retry gets");
        });
        var summary = await FaultInvariants.AssertAsync(scenario, load.Outcomes.Concat(after.Outcomes).ToList());
        FaultProfile.Record(
            "F2",
            $"PostgreSQL stopped (fast/immediate) for {outage.TotalSeconds:0} s mid-load; every unanswered or 503 key "
                + $"retried after start-postgres",
            summary,
            $"{probes.Count} probes during the outage: {probes.Count(p => p.Status == 503)} x 503 "
                + $"database_unavailable, {probes.Count(p => p.Status is null)} unreachable, "
                + $"{probes.Count(p => p.Status == 200)} x 200; "
                + $"slowest answer {probes.Max(p => p.Took).TotalSeconds:0.0} s; {failedDuringOutage} load purchases "
                + $"failed during it and got one outcome on retry; same process (pid {pid}) recovered"
        );
    }
}
