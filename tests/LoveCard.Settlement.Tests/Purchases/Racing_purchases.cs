using System.Text.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Tests.Ledger;
using LoveCard.Settlement.Tests.Terminals;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>Concurrency designed in (BENCHMARKS.md hot spots): races against the real database through the signed
/// API.</summary>
public sealed class Racing_purchases
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    [Test]
    public async Task Two_hundred_purchases_by_one_elder_at_four_terminals_never_overspend_a_cap()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 2);
        await TopUpAllAsync(county, elder.Village);
        // Cleaning, not meals: more than three meals a day is held for review (DOMAIN.md §6).
        var provider = await AddProviderAsync(county, [Item(ServiceItems.Cleaning, 1000)]);
        var terminals = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => AddTerminalAsync(provider, county)));

        var answers = await Task.WhenAll(
            Enumerable
                .Range(0, 200)
                .Select(i => BuyAsync(terminals[i % 4], PurchaseBody(Card(elder), ServiceItems.Cleaning)))
        );

        // Category 2: 300 fiscal and 200 collective per 1000 fen; caps 10000 and 5000 allow 33⅓ and 25 purchases.
        Assert.That(answers.Select(a => a.Status), Is.All.EqualTo("approved"));
        Assert.That(
            answers.Select(a => a.Split!.FiscalFen + a.Split.CollectiveFen + a.Split.CharityFen + a.Split.FamilyFen),
            Is.All.EqualTo(1000)
        );
        Assert.That(answers.Count(a => a.Split!.FiscalFen == 300), Is.EqualTo(33));
        Assert.That(answers.Count(a => a.Split!.FiscalFen == 100), Is.EqualTo(1), "the one partly covered");
        Assert.That(answers.Count(a => a.Split!.CollectiveFen == 200), Is.EqualTo(25));
        Assert.That(answers.Sum(a => a.Split!.FiscalFen), Is.EqualTo(10000));
        Assert.That(answers.Sum(a => a.Split!.CollectiveFen), Is.EqualTo(5000));
        Assert.That(
            await CountAsync("SELECT fiscal_used_fen FROM cap_usage WHERE elder_id = @ElderId", new { elder.ElderId }),
            Is.EqualTo(10000)
        );
    }

    [Test]
    public async Task Two_hundred_requests_with_one_idempotency_key_charge_once_and_answer_identically()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 1);
        await TopUpAllAsync(county, elder.Village, 100_000);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);
        var body = TestTerminal.Serialize(PurchaseBody(Card(elder)));

        var answers = await Task.WhenAll(
            Enumerable
                .Range(0, 200)
                .Select(async _ =>
                {
                    for (var attempt = 0; ; attempt++)
                    {
                        var response = await terminal.PostAsync("/terminal/v1/purchases", body, "same-key");
                        if ((int)response.StatusCode < 500 || attempt > 20)
                        {
                            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
                        }

                        await Task.Delay(50 + Random.Shared.Next(100));
                    }
                })
        );

        Assert.That(
            answers.Select(a => a.Item1),
            Is.All.EqualTo(200),
            answers.FirstOrDefault(a => a.Item1 != 200).Item2
        );
        Assert.That(answers.Select(a => a.Item2).Distinct().Count(), Is.EqualTo(1), "byte for byte the same answer");
        Assert.That(
            await CountAsync("SELECT count(*) FROM purchases WHERE elder_id = @ElderId", new { elder.ElderId }),
            Is.EqualTo(1)
        );
        Assert.That(
            await CountAsync(
                "SELECT sum(balance_fen)::bigint FROM fund_shards WHERE account_id = @a",
                new { a = $"fund:{county}:fiscal" }
            ),
            Is.EqualTo(100_000 - 1200)
        );
    }

    [Test]
    public async Task A_fund_with_balance_for_k_purchases_is_never_overdrawn()
    {
        var county = NewCounty();
        // Caps large enough that only the fund limits the fiscal line.
        await PublishAsync(
            new SubsidyPolicyPublished
            {
                AggregateId = "subsidy-policy:" + county,
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                County = county,
                PolicyVersion = 1,
                EffectiveFrom = Shanghai.Today(Now).AddDays(-1),
                ProposedBy = "a",
                ApprovedBy = "b",
                Categories =
                [
                    new CategoryPolicy(1, new SourceShares(80, 15, 5), [], 10_000_000, 10_000_000, 10_000_000),
                ],
            }
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM rm_subsidy_policies WHERE county = @county", new { county }) == 1
        );
        var elders = new List<Elder>();
        for (var i = 0; i < 20; i++)
        {
            elders.Add(await AddElderAsync(county, category: 1, village: county + "001"));
        }

        const long k = 50;
        await TopUpAsync(county, FundSources.Fiscal, k * 1200 + 700);
        var provider = await AddProviderAsync(county, [Item(ServiceItems.Cleaning, 1500)]);
        var terminals = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => AddTerminalAsync(provider, county)));

        var answers = await Task.WhenAll(
            Enumerable
                .Range(0, 200)
                .Select(i => BuyAsync(terminals[i % 4], PurchaseBody(Card(elders[i % 20]), ServiceItems.Cleaning)))
        );

        Assert.That(answers.Select(a => a.Status), Is.All.EqualTo("approved"));
        Assert.That(
            answers.Sum(a => a.Split!.FiscalFen),
            Is.EqualTo(k * 1200 + 700),
            "the fund paid out exactly what it held"
        );
        Assert.That(answers.Select(a => a.Split!.FiscalFen), Is.All.LessThanOrEqualTo(1200));
        Assert.That(answers.Count(a => a.Split!.FiscalFen == 1200), Is.GreaterThanOrEqualTo((int)k));
        Assert.That(
            answers.Select(a => a.Split!.CollectiveFen + a.Split.CharityFen),
            Is.All.EqualTo(0),
            "no shortfall moves to an unfunded source"
        );
        Assert.That(
            await CountAsync(
                "SELECT sum(balance_fen)::bigint FROM fund_shards WHERE account_id = @a",
                new { a = $"fund:{county}:fiscal" }
            ),
            Is.EqualTo(0)
        );
        Assert.That(await CountAsync("SELECT count(*) FROM fund_shards WHERE balance_fen < 0"), Is.EqualTo(0));
        var fundsView = await Host.CreateClient("bureau", county).GetStringAsync($"/api/funds/{county}");
        Assert.That(
            JsonDocument.Parse(fundsView).RootElement.GetProperty("funds")[0].GetProperty("balanceFen").GetInt64(),
            Is.EqualTo(0)
        );
    }
}
