using LoveCard.Fault.Tests.Harness;
using LoveCard.Terminal;

namespace LoveCard.Fault.Tests.Faults;

/// <summary>
/// F5 (issue 9): two settlement processes on different ports over one database, under the settlement
/// core's race tests (tests/LoveCard.Settlement.Tests/Purchases/Racing_purchases.cs): 200 concurrent
/// purchases split across both instances. Caps and funds are enforced in the database, not in a
/// process, so they hold across instances.
/// </summary>
[Order(3)]
public sealed class F5_Running_two_settlement_instances
{
    private SettlementProcess _a = null!;
    private SettlementProcess _b = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _a = await FaultWorld.MainAsync();
        _b = await SettlementProcess.StartAsync("f5-second");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _b.DisposeAsync();

    [Test]
    public async Task Two_hundred_purchases_by_one_elder_at_two_instances_subsidise_exactly_up_to_the_caps()
    {
        var scenario = await FaultWorld.CreateScenarioAsync(_a, elders: 1, terminals: 4);
        var answers = await BuyConcurrentlyAsync(scenario, FaultProfile.Pick(200, 400));

        // 80/15/5 of 1000 fen = 800/150/50 against caps 20000/4000/2000: exactly k = 25 fully subsidised
        // fiscal lines, and each source pays out its cap to the fen, no more.
        var (fiscal, collective, charity) = FaultWorld.Caps;
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(PurchaseStatuses.Approved));
            Assert.That(
                answers.Count(a => a.Split!.FiscalFen == 800),
                Is.EqualTo((int)(fiscal / 800)),
                "k purchases got the full fiscal line"
            );
            Assert.That(answers.Sum(a => a.Split!.FiscalFen), Is.EqualTo(fiscal));
            Assert.That(answers.Sum(a => a.Split!.CollectiveFen), Is.EqualTo(collective));
            Assert.That(answers.Sum(a => a.Split!.CharityFen), Is.EqualTo(charity));
            Assert.That(answers.Select(a => a.Split!.TotalFen), Is.All.EqualTo(FaultWorld.UnitPriceFen));
        });
        var summary = await FaultInvariants.AssertAsync(scenario, Outcomes);
        FaultProfile.Record(
            "F5",
            $"{answers.Count} concurrent purchases by one elder, alternating between two processes",
            summary,
            $"fiscal {answers.Sum(a => a.Split!.FiscalFen)} = cap {fiscal}; "
                + $"{answers.Count(a => a.Split!.FiscalFen == 800)} full fiscal lines (k = {fiscal / 800})"
        );
    }

    [Test]
    public async Task A_fund_with_balance_for_k_purchases_is_never_overdrawn_across_instances()
    {
        const long k = 50;
        var fund = k * 800 + 300;
        var scenario = await FaultWorld.CreateScenarioAsync(
            _a,
            elders: 20,
            terminals: 4,
            fundFen: fund,
            onlyFiscal: true
        );
        var answers = await BuyConcurrentlyAsync(scenario, FaultProfile.Pick(200, 400));

        Assert.Multiple(async () =>
        {
            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(PurchaseStatuses.Approved));
            Assert.That(
                answers.Sum(a => a.Split!.FiscalFen),
                Is.EqualTo(fund),
                "the fund paid out exactly what it held"
            );
            Assert.That(answers.Count(a => a.Split!.FiscalFen == 800), Is.GreaterThanOrEqualTo((int)k));
            Assert.That(answers.Select(a => a.Split!.FiscalFen), Is.All.LessThanOrEqualTo(800));
            Assert.That(
                await FaultWorld.CountAsync(
                    "SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards WHERE account_id = @a",
                    new { a = $"fund:{scenario.County}:fiscal" }
                ),
                Is.EqualTo(0)
            );
        });
        var summary = await FaultInvariants.AssertAsync(scenario, Outcomes);
        FaultProfile.Record(
            "F5",
            $"{answers.Count} concurrent purchases by 20 elders against a fiscal fund of {fund} fen, alternating "
                + $"between two processes",
            summary,
            $"fiscal paid {answers.Sum(a => a.Split!.FiscalFen)} = fund; balance 0, no shard below zero"
        );
    }

    private List<PurchaseOutcome> Outcomes { get; set; } = [];

    /// <summary><paramref name="count"/> purchases at once, even ones at instance A and odd ones at B, from four
    /// terminals.</summary>
    private async Task<List<PurchaseAnswer>> BuyConcurrentlyAsync(FaultWorld.Scenario scenario, int count)
    {
        // Patient clients: 200 requests queue on one elder's row on a shared two-core machine.
        void Patient(TerminalClientOptions o)
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(90);
            o.MaxAttempts = 10;
        }

        var clients = scenario
            .Terminals.Select(t =>
                (A: FaultWorld.Client(_a.BaseAddress, t, Patient), B: FaultWorld.Client(_b.BaseAddress, t, Patient))
            )
            .ToList();
        try
        {
            var outcomes = Enumerable
                .Range(0, count)
                .Select(i => new PurchaseOutcome(
                    scenario.Terminals[i % clients.Count].TerminalId,
                    Guid.NewGuid().ToString("N"),
                    FaultWorld.PurchaseBody(scenario.Elders[i % scenario.Elders.Count])
                ))
                .ToList();
            await Task.WhenAll(
                outcomes.Select(
                    (o, i) =>
                        SteadyLoad.SendAsync(
                            i % 2 == 0 ? clients[i % clients.Count].A : clients[i % clients.Count].B,
                            o
                        )
                )
            );
            Outcomes = outcomes;
            Assert.That(
                outcomes.Where(o => o.Status != 200).Select(o => o.ToString()),
                Is.Empty,
                "every purchase answered"
            );
            return outcomes.Select(o => o.Read()).ToList();
        }
        finally
        {
            foreach (var (a, b) in clients)
            {
                a.Dispose();
                b.Dispose();
            }
        }
    }
}
