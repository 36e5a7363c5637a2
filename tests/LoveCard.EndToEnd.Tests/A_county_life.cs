using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Demo;
using LoveCard.Terminal;

namespace LoveCard.EndToEnd.Tests;

/// <summary>
/// Issue 8's life of a county, end to end through the four services' own APIs and RabbitMQ: roster
/// import → classification → card provisioned → consent → providers whitelisted with items, care
/// workers and terminals → terminals activated → funds topped up (all by the demo seeder, which is
/// what `deploy/local/run.sh` runs) → purchases by card, QR and face → void and refund → suspension
/// declined → reclassification → month closed → statement, reconciliation and clearing add up.
/// The steps build on each other, so they run in order on one system.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class A_county_life
{
    private LoveCardSystem _system = null!;
    private Seeder _seeder = null!;
    private readonly StringWriter _seedOutput = new();
    private string _period = "";

    // Money of the steps below, checked again when the month is closed.
    private Guid _voidedPurchase;
    private Guid _refundedPurchase;

    [OneTimeSetUp]
    public async Task Start_the_system_and_seed_the_demo_county()
    {
        _system = await LoveCardSystem.StartAsync();
        _seeder = new Seeder(_system.DemoOptions(), _seedOutput);
        try
        {
            await _seeder.SeedAsync();
        }
        finally
        {
            await TestContext.Progress.WriteLineAsync(_seedOutput.ToString());
        }

        _period = Shanghai(_seeder.Receipts[DemoCounty.Category1Card].BookedAt)
            .ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _seeder?.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
    }

    [Test, Order(1)]
    public async Task Importing_the_roster_classifies_every_elder_and_provisions_a_card_for_each_eligible_one()
    {
        using var eligibility = _system.Bureau(_system.Eligibility);
        using var cards = _system.Bureau(_system.Cards);
        var elders = await eligibility.GetJsonAsync($"/api/elders?county={DemoCounty.Home}&pageSize=100");
        Assert.That(elders["total"]!.GetValue<long>(), Is.EqualTo(DemoCounty.Elders.Count));

        foreach (var elder in DemoCounty.Elders)
        {
            if (elder.ExpectedCategory is null)
            {
                using var none = await cards.GetAsync($"/api/cards/numbers/{elder.CardNumber}");
                Assert.That((int)none.StatusCode, Is.EqualTo(404), $"{elder.CardNumber} ({elder.Shows}) has no card");
                continue;
            }

            var card = _seeder.Cards[elder.CardNumber];
            var record = await eligibility.GetJsonAsync($"/api/elders/{card.ElderId}");
            var expectedStatus =
                elder.CardNumber == DemoCounty.SuspendedCard ? "suspended"
                : elder.Consent == ConsentBy.None ? "pending_consent"
                : "active";
            var now = await cards.GetJsonAsync($"/api/cards/{card.CardId}");
            Assert.Multiple(() =>
            {
                Assert.That(
                    record["classification"]!["category"]!.GetValue<int>(),
                    Is.EqualTo(elder.ExpectedCategory),
                    $"{elder.CardNumber}: {elder.Shows}"
                );
                Assert.That(
                    now["category"]!.GetValue<int>(),
                    Is.EqualTo(elder.ExpectedCategory),
                    $"card of {elder.CardNumber}"
                );
                Assert.That(
                    now["status"]!.GetValue<string>(),
                    Is.EqualTo(expectedStatus),
                    $"card of {elder.CardNumber}"
                );
            });
        }

        var history = await cards.GetJsonAsync($"/api/cards/{_seeder.Cards[DemoCounty.FaceCard].CardId}/history");
        Assert.That(
            history["consents"]!.AsArray().Single()!["givenBy"]!.GetValue<string>(),
            Is.EqualTo("agent"),
            "consent given by an agent is recorded as such"
        );
    }

    [Test, Order(2)]
    public void The_demo_meals_split_by_category()
    {
        AssertSplit(_seeder.Receipts[DemoCounty.Category1Card], 1, new Split(1200, 225, 75, 0));
        // Category 2 meals are priced by the demo's policy version 2 (meal 40 % fiscal, 20 % collective).
        AssertSplit(_seeder.Receipts[DemoCounty.Category2Card], 2, new Split(600, 300, 0, 600));
        AssertSplit(_seeder.Receipts[DemoCounty.Category3Card], 3, new Split(0, 0, 0, 1500));
    }

    [Test, Order(3)]
    public async Task Seeding_again_changes_nothing()
    {
        var before = await CountsAsync();
        var output = new StringWriter();
        using (var again = new Seeder(_system.DemoOptions(), output))
        {
            await again.SeedAsync();
            Assert.That(
                again.Receipts[DemoCounty.Category1Card].PurchaseId,
                Is.EqualTo(_seeder.Receipts[DemoCounty.Category1Card].PurchaseId),
                "the day's demo meal is looked up, not bought again"
            );
        }

        Assert.That(await CountsAsync(), Is.EqualTo(before), output.ToString());
    }

    [Test, Order(4)]
    public async Task Purchases_by_card_QR_code_and_face_are_approved_and_bad_credentials_declined()
    {
        using var meal = _system.Terminal(DemoCounty.MealTerminal);
        using var cards = _system.Bureau(_system.Cards);

        var qr = await cards.SendJsonAsync(
            HttpMethod.Post,
            $"/api/cards/{_seeder.Cards[DemoCounty.QrCard].CardId}/qr-codes"
        );
        var code = qr["code"]!.GetValue<string>();
        AssertSplit(
            await meal.PurchaseAsync(new PurchaseRequest(Credential.Qr(code), "meal")),
            1,
            new Split(1200, 225, 75, 0)
        );
        Assert.That(
            (await meal.PurchaseAsync(new PurchaseRequest(Credential.Qr(code), "meal"))).DeclineCode,
            Is.EqualTo("qr_replayed"),
            "a QR code is used up by its first purchase"
        );

        AssertSplit(
            await meal.PurchaseAsync(new PurchaseRequest(Credential.Face(DemoCounty.DemoFaceId), "meal")),
            1,
            new Split(1200, 225, 75, 0)
        );

        var crossCounty = await meal.PurchaseAsync(
            new PurchaseRequest(Credential.Card(DemoCounty.NeighbourCategory1Card), "meal")
        );
        AssertSplit(crossCounty, 1, new Split(1200, 225, 75, 0));
        Assert.That(
            crossCounty.Elder!.HomeCounty,
            Is.EqualTo(DemoCounty.Neighbour),
            "the elder's home county funds the subsidy"
        );

        var overCap = await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(DemoCounty.OverCapCard), "meal"));
        AssertSplit(overCap, 1, new Split(0, 0, 0, 1500));

        // A home service: cleaning with the provider's 5 % card-holder discount (4000 → 3800), category 2 shares 30/20.
        using var cleaning = _system.Terminal(DemoCounty.CleaningTerminal);
        var home = await cleaning.PurchaseAsync(
            new PurchaseRequest(Credential.Card("D09030017"), "cleaning", Location: new Location(28.97, 118.86))
        );
        AssertSplit(home, 2, new Split(1140, 760, 0, 1900));
        Assert.That(home.ListPriceFen, Is.EqualTo(4000));

        Assert.Multiple(async () =>
        {
            Assert.That(
                (
                    await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(DemoCounty.ReplacedCard), "meal"))
                ).DeclineCode,
                Is.EqualTo("card_replaced")
            );
            Assert.That(
                (
                    await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(DemoCounty.SuspendedCard), "meal"))
                ).DeclineCode,
                Is.EqualTo("card_suspended")
            );
            Assert.That(
                (
                    await meal.PurchaseAsync(
                        new PurchaseRequest(Credential.Card(DemoCounty.PendingConsentCard), "meal")
                    )
                ).DeclineCode,
                Is.EqualTo("card_pending_consent")
            );
            Assert.That(
                (await meal.PurchaseAsync(new PurchaseRequest(Credential.Card("D09030011"), "meal"))).DeclineCode,
                Is.EqualTo("card_unknown"),
                "under 60: no card"
            );
            Assert.That(
                (
                    await meal.PurchaseAsync(
                        new PurchaseRequest(Credential.Card(DemoCounty.Category2Card), "meal", MaxFamilyFen: 500)
                    )
                ).DeclineCode,
                Is.EqualTo("family_share_exceeds_limit"),
                "docs/terminal-sandbox.md: the family's 6.00 is more than 5.00"
            );
            Assert.That(
                (
                    await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(DemoCounty.Category1Card), "bath"))
                ).DeclineCode,
                Is.EqualTo("item_not_allowed")
            );
            Assert.That(
                (
                    await meal.PurchaseAsync(
                        new PurchaseRequest(Credential.Card(_seeder.Cards[DemoCounty.ReplacedCard].CardNumber), "meal")
                    )
                ).Status,
                Is.EqualTo("approved"),
                "the replacement number works"
            );
        });
    }

    [Test, Order(5)]
    public async Task A_void_returns_each_source_what_it_paid_and_a_refund_splits_by_what_each_paid()
    {
        using var meal = _system.Terminal(DemoCounty.MealTerminal);
        using var bath = _system.Terminal(DemoCounty.BathTerminal);
        var before = await FundBalancesAsync(DemoCounty.Home);

        var bought = await meal.PurchaseAsync(new PurchaseRequest(Credential.Card("D09030016"), "meal"));
        AssertSplit(bought, 1, new Split(1200, 225, 75, 0));
        var voided = await meal.VoidAsync(bought.PurchaseId, "wrong elder");
        _voidedPurchase = bought.PurchaseId;
        Assert.That(voided.Status, Is.EqualTo("voided"));
        Assert.That(
            await FundBalancesAsync(DemoCounty.Home),
            Is.EqualTo(before),
            "a void gives every fund back exactly what it paid"
        );

        var bathed = await bath.PurchaseAsync(new PurchaseRequest(Credential.Card("D09030014"), "bath"));
        AssertSplit(bathed, 2, new Split(1500, 1000, 0, 2500));
        var refund = await bath.RefundAsync(bathed.PurchaseId, 2000, "half the service");
        _refundedPurchase = bathed.PurchaseId;
        Assert.Multiple(() =>
        {
            // DOMAIN.md §3: each source gets floor(r × paid / price): 600, 400, 0 and the family 1000.
            Assert.That(refund.Split, Is.EqualTo(new Split(600, 400, 0, 1000)));
            Assert.That(refund.RemainingRefundableFen, Is.EqualTo(3000));
        });
        var view = await bath.GetPurchaseAsync(bathed.PurchaseId);
        Assert.That(view.Reversals!.Select(r => r.Kind), Has.Member("refund"));
    }

    [Test, Order(6)]
    public async Task Suspending_a_card_in_cards_declines_the_next_purchase_within_a_second()
    {
        using var meal = _system.Terminal(DemoCounty.MealTerminal);
        using var cards = _system.Bureau(_system.Cards);
        const string number = "D09030013";
        Assert.That(
            (await meal.InquireAsync(new InquiryRequest(Credential.Card(number), "meal", 1))).DeclineCode,
            Is.Null,
            "usable before"
        );

        await cards.SendJsonAsync(
            HttpMethod.Post,
            $"/api/cards/{_seeder.Cards[number].CardId}/suspend",
            new { reason = "dispute", note = "e2e" }
        );
        var clock = Stopwatch.StartNew();
        await Eventually.AssertAsync(
            async () =>
                (await meal.InquireAsync(new InquiryRequest(Credential.Card(number), "meal", 1))).DeclineCode
                == "card_suspended",
            TimeSpan.FromSeconds(10)
        );
        var lag = clock.Elapsed;

        var declined = await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(number), "meal"));
        Assert.Multiple(() =>
        {
            Assert.That(declined.DeclineCode, Is.EqualTo("card_suspended"));
            Assert.That(
                lag,
                Is.LessThan(TimeSpan.FromSeconds(1)),
                "ARCHITECTURE.md: a suspension reaches the terminals in under a second"
            );
        });
    }

    [Test, Order(7)]
    public async Task Reclassifying_an_elder_from_category_3_to_2_changes_the_split()
    {
        using var meal = _system.Terminal(DemoCounty.MealTerminal);
        using var eligibility = _system.Bureau(_system.Eligibility);
        var card = _seeder.Cards[DemoCounty.Category3Card];

        // A new ability assessment: 40 points is severe disability (level 3), so this local elder becomes category 2.
        var changed = await eligibility.SendJsonAsync(
            HttpMethod.Put,
            $"/api/elders/{card.ElderId}/attributes",
            new
            {
                hukouProvince = "33",
                homeCounty = DemoCounty.Home,
                villageCode = DemoCounty.VillageA,
                phone = (string?)null,
                hardship = "none",
                abilityScore = 40,
                assessmentDate = DateOnly
                    .FromDateTime(DateTime.UtcNow)
                    .AddDays(-3)
                    .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                dementia = false,
                specialSituations = Array.Empty<string>(),
                socialSecurityCardNumber = DemoCounty.Category3Card,
                reason = "e2e: reassessed",
            }
        );
        Assert.That(changed["classification"]!["category"]!.GetValue<int>(), Is.EqualTo(2));

        await Eventually.AssertAsync(
            async () =>
                (await meal.InquireAsync(new InquiryRequest(Credential.Card(DemoCounty.Category3Card), "meal", 1)))
                    .Elder
                    ?.Category == 2,
            TimeSpan.FromSeconds(15)
        );
        AssertSplit(
            await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(DemoCounty.Category3Card), "meal")),
            2,
            new Split(600, 300, 0, 600)
        );
    }

    [Test, Order(8)]
    public async Task Closing_the_month_gives_statements_reconciliation_and_clearing_that_add_up()
    {
        // The month can be closed once it is over: carry settlement's clock into the 2nd of next month.
        var first = DateOnly.ParseExact(_period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var target = new DateTimeOffset(
            first.AddMonths(1).AddDays(1).ToDateTime(new TimeOnly(10, 0)),
            TimeSpan.FromHours(8)
        );
        _system.Clock.Advance(target - _system.Clock.GetUtcNow());

        using var settlement = _system.Bureau(_system.Settlement, DemoCounty.Home, "closer");
        using var neighbour = _system.Bureau(_system.Settlement, DemoCounty.Neighbour, "closer");
        var home = await settlement.SendJsonAsync(
            HttpMethod.Post,
            $"/api/clearing/{_period}/close?county={DemoCounty.Home}"
        );
        var away = await neighbour.SendJsonAsync(
            HttpMethod.Post,
            $"/api/clearing/{_period}/close?county={DemoCounty.Neighbour}"
        );

        await using var db = await Database.OpenAsync(_system.Settlement.Schema);
        var payouts = home["payouts"]!.AsArray();
        Assert.That(payouts, Has.Count.EqualTo(DemoCounty.Providers.Count), "a payout for each provider that sold");
        foreach (var provider in _seeder.ProviderIds.Values)
        {
            var statement = await settlement.GetJsonAsync(
                $"/api/statements/providers/{provider}?period={_period}&pageSize=500"
            );
            var totals = statement["totals"]!;
            var payout = payouts.Single(p => p!["providerId"]!.GetValue<string>() == provider.ToString())!;
            var payable = await db.ExecuteScalarAsync<long>(
                "SELECT coalesce(sum(amount_fen), 0)::bigint FROM postings WHERE account_id = @Account AND booked_at "
                    + ">= @From AND booked_at < @To",
                new
                {
                    Account = $"payable:{provider}",
                    From = Instant(first),
                    To = Instant(first.AddMonths(1)),
                }
            );
            Assert.Multiple(() =>
            {
                Assert.That(
                    payout["amountFen"]!.GetValue<long>(),
                    Is.EqualTo(totals["subsidyFen"]!.GetValue<long>()),
                    $"payout = statement subsidy, provider {provider}"
                );
                Assert.That(payout["fiscalFen"]!.GetValue<long>(), Is.EqualTo(totals["fiscalFen"]!.GetValue<long>()));
                Assert.That(
                    payout["collectiveFen"]!.GetValue<long>(),
                    Is.EqualTo(totals["collectiveFen"]!.GetValue<long>())
                );
                Assert.That(payout["charityFen"]!.GetValue<long>(), Is.EqualTo(totals["charityFen"]!.GetValue<long>()));
                Assert.That(
                    payout["amountFen"]!.GetValue<long>(),
                    Is.EqualTo(payable),
                    "payout = what the ledger owes the provider"
                );
                Assert.That(
                    totals["amountFen"]!.GetValue<long>(),
                    Is.EqualTo(totals["subsidyFen"]!.GetValue<long>() + totals["familyFen"]!.GetValue<long>()),
                    "statement lines add up"
                );
            });

            // The provider's own list, made from its records of the month: every line matches.
            var lines = statement["lines"]!.AsArray();
            var csv = new StringBuilder("receiptNo,time,item,amountFen\n");
            foreach (var receipt in lines.GroupBy(l => l!["receiptNo"]!.GetValue<string>()))
            {
                var firstLine = receipt.First()!;
                csv.Append(
                    CultureInfo.InvariantCulture,
                    $"{receipt.Key},{Shanghai(firstLine["bookedAt"]!.GetValue<DateTimeOffset>()):yyyy-MM-dd HH:mm:ss},{firstLine["item"]},{receipt.Sum(l => l!["amountFen"]!.GetValue<long>())}\n"
                );
            }

            using var providerClient = _system.Settlement.CreateClient("provider", provider: provider);
            using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
            using var response = await providerClient.PostAsync(
                $"/api/reconciliations?providerId={provider}&period={_period}",
                content
            );
            var body = await response.Content.ReadAsStringAsync();
            Assert.That((int)response.StatusCode, Is.EqualTo(201), body);
            var summary = JsonNode.Parse(body)!["summary"]!;
            Assert.Multiple(() =>
            {
                Assert.That(
                    summary["matchedCount"]!.GetValue<int>(),
                    Is.EqualTo(lines.Select(l => l!["receiptNo"]!.GetValue<string>()).Distinct().Count()),
                    body
                );
                Assert.That(
                    summary["missingInLovecard"]!.GetValue<int>()
                        + summary["missingInProvider"]!.GetValue<int>()
                        + summary["amountDifferences"]!.GetValue<int>(),
                    Is.Zero,
                    body
                );
                Assert.That(summary["differenceFen"]!.GetValue<long>(), Is.Zero);
            });
        }

        // Cross-county: 330902's funds paid for its elder's meal at a 330903 provider; clearing nets it.
        var owed = away["obligations"]!.AsArray().Sum(o => o!["amountFen"]!.GetValue<long>());
        Assert.Multiple(() =>
        {
            Assert.That(owed, Is.EqualTo(1500), "330902 owes its elder's subsidised meal");
            Assert.That(
                away["nets"]!.AsArray().Single(n => n!["counterpartyCounty"]!.GetValue<string>() == DemoCounty.Home)![
                    "netFen"
                ]!.GetValue<long>(),
                Is.EqualTo(1500)
            );
            Assert.That(
                home["nets"]!
                    .AsArray()
                    .Single(n => n!["counterpartyCounty"]!.GetValue<string>() == DemoCounty.Neighbour)![
                    "netFen"
                ]!.GetValue<long>(),
                Is.EqualTo(-1500)
            );
            Assert.That(
                home["payoutTotalFen"]!.GetValue<long>(),
                Is.EqualTo(payouts.Sum(p => p!["amountFen"]!.GetValue<long>()))
            );
        });

        Assert.That(
            await db.ExecuteScalarAsync<string>(
                "SELECT status FROM purchases WHERE purchase_id = @Id",
                new { Id = _voidedPurchase }
            ),
            Is.EqualTo("voided")
        );
        Assert.That(
            await db.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM reversals WHERE purchase_id = @Id",
                new { Id = _refundedPurchase }
            ),
            Is.EqualTo(1)
        );
    }

    [Test, Order(9)]
    public async Task The_ledger_invariants_hold_after_the_whole_life()
    {
        await LedgerInvariants.AssertAsync(_system.Settlement.Schema);
        await using var db = await Database.OpenAsync(_system.Settlement.Schema);
        Assert.That(
            await db.ExecuteScalarAsync<long>("SELECT count(*) FROM purchases WHERE status = 'approved'"),
            Is.GreaterThan(10),
            "the invariants were checked over real traffic"
        );
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static void AssertSplit(PurchaseAnswer answer, int category, Split split)
    {
        Assert.That(answer.Status, Is.EqualTo("approved"), $"declined {answer.DeclineCode}");
        Assert.Multiple(() =>
        {
            Assert.That(answer.Elder?.Category, Is.EqualTo(category));
            Assert.That(answer.Split, Is.EqualTo(split));
            Assert.That(answer.Split!.TotalFen, Is.EqualTo(answer.PriceFen), "the lines add up to the price");
        });
    }

    private async Task<Dictionary<string, long>> FundBalancesAsync(string county)
    {
        using var client = _system.Bureau(_system.Settlement, county);
        var funds = await client.GetJsonAsync($"/api/funds/{county}");
        return funds["funds"]!
            .AsArray()
            .ToDictionary(f => f!["accountId"]!.GetValue<string>(), f => f!["balanceFen"]!.GetValue<long>());
    }

    private async Task<string> CountsAsync()
    {
        var counts = new List<string>();
        foreach (
            var (host, sql) in new[]
            {
                (_system.Eligibility, "SELECT count(*) FROM elders"),
                (_system.Cards, "SELECT count(*) FROM cards"),
                (_system.Whitelist, "SELECT count(*) FROM providers"),
                (_system.Whitelist, "SELECT count(*) FROM terminals"),
                (_system.Whitelist, "SELECT count(*) FROM care_workers"),
                (_system.Settlement, "SELECT count(*) FROM fund_top_ups"),
                (_system.Settlement, "SELECT count(*) FROM purchases"),
                (_system.Settlement, "SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards"),
            }
        )
        {
            counts.Add($"{host.Schema}: {sql} = {await Database.ScalarAsync<long>(host.Schema, sql)}");
        }

        var policies = await Database.ScalarAsync<long>(
            _system.Eligibility.Schema,
            "SELECT count(*) FROM subsidy_policies"
        );
        counts.Add($"policies {policies}");
        return string.Join("; ", counts);
    }

    private static DateTimeOffset Shanghai(DateTimeOffset instant) => instant.ToOffset(TimeSpan.FromHours(8));

    private static DateTime Instant(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).UtcDateTime;
}
