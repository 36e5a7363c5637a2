using System.Text.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Tests.Ledger;
using LoveCard.Settlement.Tests.Terminals;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>Approved purchases through the signed terminal API (TERMINAL-PROTOCOL.md "Endpoints").</summary>
public sealed class Buying_a_service
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    [Test]
    public async Task Answers_the_protocol_example_for_a_category_1_first_purchase_under_the_default_policy()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 1);
        await TopUpAllAsync(county, elder.Village);
        var provider = await AddProviderAsync(county);
        var terminal = await AddTerminalAsync(provider, county);

        var (status, text) = await PurchaseAsync(terminal, PurchaseBody(Card(elder)));

        Assert.That(status, Is.EqualTo(200), text);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("approved"));
            Assert.That(root.GetProperty("declineCode").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("elder").GetProperty("maskedName").GetString(), Is.EqualTo("王*华"));
            Assert.That(root.GetProperty("elder").GetProperty("category").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("elder").GetProperty("homeCounty").GetString(), Is.EqualTo(county));
            Assert.That(root.GetProperty("item").GetString(), Is.EqualTo("meal"));
            Assert.That(root.GetProperty("quantity").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("listPriceFen").GetInt64(), Is.EqualTo(1500));
            Assert.That(root.GetProperty("priceFen").GetInt64(), Is.EqualTo(1500));
            var split = root.GetProperty("split");
            Assert.That(
                new[]
                {
                    split.GetProperty("fiscalFen").GetInt64(),
                    split.GetProperty("collectiveFen").GetInt64(),
                    split.GetProperty("charityFen").GetInt64(),
                    split.GetProperty("familyFen").GetInt64(),
                },
                Is.EqualTo(new long[] { 1200, 225, 75, 0 })
            );
            var caps = root.GetProperty("remainingCaps");
            Assert.That(
                new[]
                {
                    caps.GetProperty("fiscalFen").GetInt64(),
                    caps.GetProperty("collectiveFen").GetInt64(),
                    caps.GetProperty("charityFen").GetInt64(),
                },
                Is.EqualTo(new long[] { 28800, 9775, 4925 })
            );
            Assert.That(root.GetProperty("receiptNo").GetString(), Is.Not.Empty);
            Assert.That(root.GetProperty("bookedAt").GetString(), Does.EndWith("+08:00"));
            Assert.That(root.GetProperty("occurredAt").GetString(), Does.EndWith("+08:00"));
        });

        var purchaseId = root.GetProperty("purchaseId").GetGuid();
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM outbox WHERE message_type LIKE '%PurchaseSettled' AND aggregate_id = @id",
                new { id = purchaseId.ToString() }
            ),
            Is.EqualTo(1)
        );
        Assert.That(
            await CountAsync("SELECT count(*) FROM postings WHERE purchase_id = @purchaseId", new { purchaseId }),
            Is.EqualTo(4)
        );
    }

    [Test]
    public async Task Prices_from_the_catalog_with_the_provider_discount_and_quantity()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 3);
        var provider = await AddProviderAsync(county, [Item(ServiceItems.Bath, 999, discountPercent: 15)]);
        var terminal = await AddTerminalAsync(provider, county);

        var answer = await BuyAsync(terminal, PurchaseBody(Card(elder), ServiceItems.Bath, quantity: 3));

        // list 2997; floor(2997 × 15 / 100) = 449; category 3 pays all of it.
        Assert.That(
            (answer.ListPriceFen, answer.PriceFen, answer.Split),
            Is.EqualTo(((long?)2997, (long?)2548, (SplitView?)new SplitView(0, 0, 0, 2548)))
        );
        var catalog = await terminal.GetAsync("/terminal/v1/catalog");
        var text = await catalog.Content.ReadAsStringAsync();
        Assert.That(
            text,
            Does.Contain("\"code\":\"bath\"").And.Contain("\"unitPriceFen\":999").And.Contain("\"discountPercent\":15")
        );
    }

    [Test]
    public async Task Uses_the_policy_version_in_force_and_caps_what_is_left_after_a_mid_month_change()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 2);
        await TopUpAllAsync(county, elder.Village);
        var provider = await AddProviderAsync(county, [Item(ServiceItems.Meal, 10000)]);
        var terminal = await AddTerminalAsync(provider, county);
        var first = await BuyAsync(terminal, PurchaseBody(Card(elder)));
        Assert.That(first.Split, Is.EqualTo(new SplitView(3000, 2000, 0, 5000)), "default category 2: 30 % / 20 %");

        // Mid-month: a new version with fiscal 50 % but a fiscal cap of 4000; 3000 is used already, so 1000 is left.
        await PublishAsync(
            new SubsidyPolicyPublished
            {
                AggregateId = "subsidy-policy:" + county,
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                County = county,
                PolicyVersion = 2,
                EffectiveFrom = LoveCard.Hosting.Shanghai.Today(Now),
                ProposedBy = "a",
                ApprovedBy = "b",
                Categories = [new CategoryPolicy(2, new SourceShares(50, 20, 0), [], 4000, 5000, 0)],
            }
        );
        // A future version must not apply yet.
        await PublishAsync(
            new SubsidyPolicyPublished
            {
                AggregateId = "subsidy-policy:" + county,
                AggregateVersion = 2,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                County = county,
                PolicyVersion = 3,
                EffectiveFrom = LoveCard.Hosting.Shanghai.Today(Now).AddDays(40),
                ProposedBy = "a",
                ApprovedBy = "b",
                Categories = [new CategoryPolicy(2, new SourceShares(0, 0, 0), [], 0, 0, 0)],
            }
        );
        await Eventually.AssertAsync(async () =>
            await CountAsync("SELECT count(*) FROM rm_subsidy_policies WHERE county = @county", new { county }) == 2
        );

        var second = await BuyAsync(terminal, PurchaseBody(Card(elder)));

        Assert.That(second.Split, Is.EqualTo(new SplitView(1000, 2000, 0, 7000)));
        Assert.That(second.RemainingCaps, Is.EqualTo(new CapsView(0, 1000, 0)));
    }

    [Test]
    public async Task Lets_a_card_of_another_network_county_buy_on_its_home_county_policy_and_funds()
    {
        var home = NewCounty();
        var here = NewCounty();
        var elder = await AddElderAsync(home, category: 1);
        await TopUpAllAsync(home, elder.Village, 100_000);
        var provider = await AddProviderAsync(here);
        var terminal = await AddTerminalAsync(provider, here);

        var answer = await BuyAsync(terminal, PurchaseBody(Card(elder)));

        Assert.That(answer.Status, Is.EqualTo("approved"));
        Assert.That(answer.Split, Is.EqualTo(new SplitView(1200, 225, 75, 0)));
        Assert.That(
            await CountAsync(
                "SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards WHERE account_id = @a",
                new { a = $"fund:{home}:fiscal" }
            ),
            Is.EqualTo(100_000 - 1200)
        );
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM purchases WHERE purchase_id = @PurchaseId AND home_county = @home AND "
                    + "provider_county = @here",
                new
                {
                    answer.PurchaseId,
                    home,
                    here,
                }
            ),
            Is.EqualTo(1),
            "both counties see it"
        );
    }

    [Test]
    public async Task Looks_a_purchase_up_by_id_and_by_key_but_not_from_another_provider()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 3);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);
        var stranger = await AddTerminalAsync(await AddProviderAsync(county), county);
        var answer = await BuyAsync(terminal, PurchaseBody(Card(elder)), key: "lookup-key-1");

        var byId = await terminal.GetAsync($"/terminal/v1/purchases/{answer.PurchaseId}");
        var byKey = await terminal.GetAsync("/terminal/v1/purchases?idempotencyKey=lookup-key-1");
        var foreign = await stranger.GetAsync($"/terminal/v1/purchases/{answer.PurchaseId}");
        var foreignVoid = await stranger.PostJsonAsync(
            $"/terminal/v1/purchases/{answer.PurchaseId}/void",
            new { reason = "x" },
            "void-foreign"
        );

        Assert.Multiple(async () =>
        {
            Assert.That((int)byId.StatusCode, Is.EqualTo(200));
            Assert.That(await byId.Content.ReadAsStringAsync(), Does.Contain(answer.PurchaseId.ToString()));
            Assert.That((int)byKey.StatusCode, Is.EqualTo(200));
            Assert.That(await byKey.Content.ReadAsStringAsync(), Does.Contain(answer.PurchaseId.ToString()));
            Assert.That((int)foreign.StatusCode, Is.EqualTo(404));
            Assert.That((int)foreignVoid.StatusCode, Is.EqualTo(404));
        });
    }

    [TestCase(
        "{\"credential\":{\"type\":\"card\",\"value\":\"A1\"},\"item\":\"meal\",\"quantity\":\"one\"}",
        "quantity",
        TestName = "Refuses_bad_json_naming_the_field"
    )]
    [TestCase(
        "{\"credential\":{\"type\":\"card\",\"value\":\"A1\"},\"item\":\"teleport\",\"quantity\":1,\"occurredAt\":\"NOW\"}",
        "item",
        TestName = "Refuses_an_unknown_item"
    )]
    [TestCase(
        "{\"credential\":{\"type\":\"card\",\"value\":\"A1\"},\"item\":\"meal\",\"quantity\":0,\"occurredAt\":\"NOW\"}",
        "quantity",
        TestName = "Refuses_quantity_0"
    )]
    [TestCase(
        "{\"credential\":{\"type\":\"card\",\"value\":\"A1\"},\"item\":\"meal\",\"quantity\":100,\"occurredAt\":\"NOW\"}",
        "quantity",
        TestName = "Refuses_quantity_100"
    )]
    [TestCase(
        "{\"credential\":{\"type\":\"iris\",\"value\":\"A1\"},\"item\":\"meal\",\"quantity\":1,\"occurredAt\":\"NOW\"}",
        "credential.type",
        TestName = "Refuses_an_unknown_credential_type"
    )]
    [TestCase(
        "{\"credential\":{\"type\":\"card\",\"value\":\"A1\"},\"item\":\"meal\",\"quantity\":1,\"occurredAt\":\"STALE\"}",
        "occurredAt",
        TestName = "Refuses_occurredAt_more_than_24_h_behind"
    )]
    [TestCase(
        "{\"credential\":{\"type\":\"card\",\"value\":\"A1\"},\"item\":\"meal\",\"quantity\":1,\"occurredAt\":\"AHEAD\"}",
        "occurredAt",
        TestName = "Refuses_occurredAt_more_than_300_s_ahead"
    )]
    public async Task Refuses_malformed_input_with_400_naming_the_field_and_records_nothing(
        string template,
        string field
    )
    {
        var county = NewCounty();
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);
        string At(TimeSpan offset) => JsonSerializer.Serialize(LoveCard.Hosting.Shanghai.ToLocal(Now + offset));
        var body = template
            .Replace("\"NOW\"", At(TimeSpan.Zero))
            .Replace("\"STALE\"", At(TimeSpan.FromHours(-24.1)))
            .Replace("\"AHEAD\"", At(TimeSpan.FromSeconds(301)));

        var response = await terminal.PostAsync(
            "/terminal/v1/purchases",
            System.Text.Encoding.UTF8.GetBytes(body),
            Guid.NewGuid().ToString("N")
        );
        var text = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400), text);
        using var problem = JsonDocument.Parse(text);
        Assert.That(problem.RootElement.GetProperty("field").GetString(), Is.EqualTo(field), text);
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM purchases WHERE terminal_id = @TerminalId",
                new { terminal.TerminalId }
            ),
            Is.EqualTo(0)
        );
    }

    [Test]
    public async Task Answers_an_inquiry_without_recording_or_using_up_anything()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 1);
        await TopUpAllAsync(county, elder.Village);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);

        var response = await terminal.PostJsonAsync(
            "/terminal/v1/inquiries",
            new
            {
                credential = Card(elder),
                item = "meal",
                quantity = 2,
            }
        );
        var text = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(200), text);
        var answer = JsonSerializer.Deserialize<InquiryAnswer>(text, TestTerminal.Json)!;
        Assert.That(answer.Split, Is.EqualTo(new SplitView(2400, 450, 150, 0)));
        Assert.That(answer.RemainingCaps, Is.EqualTo(new CapsView(30000, 10000, 5000)));
        Assert.That(answer.Elder!.MaskedName, Is.EqualTo("王*华"));
        Assert.That(
            await CountAsync("SELECT count(*) FROM purchases WHERE elder_id = @ElderId", new { elder.ElderId }),
            Is.EqualTo(0)
        );
    }

    [Test]
    public async Task Reports_the_terminal_day_totals()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 3);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);
        await BuyAsync(terminal, PurchaseBody(Card(elder)));
        await BuyAsync(terminal, PurchaseBody(Card(elder), quantity: 2));
        await BuyAsync(terminal, PurchaseBody(new { type = "card", value = "ZZNOPE999" }));

        var response = await terminal.GetAsync(
            $"/terminal/v1/totals?date={LoveCard.Hosting.Shanghai.Today(Now):yyyy-MM-dd}"
        );
        var totals = JsonSerializer.Deserialize<TotalsAnswer>(
            await response.Content.ReadAsStringAsync(),
            TestTerminal.Json
        )!;

        Assert.That(
            (totals.Approved.Count, totals.Approved.AmountFen, totals.Approved.FamilyFen, totals.DeclinedCount),
            Is.EqualTo((2L, 4500L, 4500L, 1L))
        );
    }
}
