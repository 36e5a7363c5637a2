using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Settlement.Core.Orders;
using LoveCard.Settlement.Tests.Terminals;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.SelfService;

/// <summary>
/// Issue 17: settlement's part of <c>/api/me</c>. An elder's token reads its own subsidy, purchases
/// and orders and gets 404 for another elder's; an agent sees the elders its consent names.
/// </summary>
public sealed class Serving_the_elder_app
{
    private string _county = "";
    private Guid _provider;
    private TestTerminal _terminal = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        await StartAsync();
        _county = NewCounty();
        _provider = await AddProviderAsync(_county);
        _terminal = await AddTerminalAsync(_provider, _county);
    }

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    private async Task<OrderView> PlaceAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync(
            "/api/orders",
            new
            {
                providerId = _provider,
                item = "meal",
                quantity = 1,
            }
        );
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderView>(TestTerminal.Json))!;
    }

    [Test]
    public async Task An_elder_reads_its_own_orders_and_gets_404_for_another_elders()
    {
        var mine = await AddElderAsync(_county, category: 3);
        var other = await AddElderAsync(_county, category: 3);
        using var me = Host.CreateClient("elder", elder: mine.ElderId);
        using var them = Host.CreateClient("elder", elder: other.ElderId);
        var myOrder = await PlaceAsync(me);
        var theirOrder = await PlaceAsync(them);

        var list = await me.GetFromJsonAsync<JsonElement>("/api/me/orders");
        var own = await me.GetAsync($"/api/me/orders/{myOrder.OrderId}");
        var foreign = await me.GetAsync($"/api/me/orders/{theirOrder.OrderId}");
        var cancelForeign = await me.PostAsync($"/api/me/orders/{theirOrder.OrderId}/cancel", null);
        var foreignElder = await me.GetAsync($"/api/me/orders?elderId={other.ElderId}");
        var cancelled = await me.PostAsync($"/api/me/orders/{myOrder.OrderId}/cancel", null);
        var theirsAfter = await them.GetFromJsonAsync<OrderView>(
            $"/api/me/orders/{theirOrder.OrderId}",
            TestTerminal.Json
        );

        Assert.Multiple(() =>
        {
            Assert.That(list.GetProperty("total").GetInt64(), Is.EqualTo(1));
            Assert.That(list.GetProperty("items")[0].GetProperty("orderId").GetGuid(), Is.EqualTo(myOrder.OrderId));
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(cancelForeign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(foreignElder.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(theirsAfter!.Status, Is.EqualTo(OrderStatuses.Pending), "another elder's order is untouched");
        });
    }

    [Test]
    public async Task An_elder_sees_this_months_caps_used_and_left_and_its_purchases_with_the_split()
    {
        var elder = await AddElderAsync(_county, category: 1);
        await TopUpAllAsync(_county, elder.Village);
        var bought = await BuyAsync(_terminal, PurchaseBody(Card(elder)));
        using var me = Host.CreateClient("elder", elder: elder.ElderId);

        var subsidy = await me.GetFromJsonAsync<JsonElement>("/api/me/subsidy");
        var purchases = await me.GetFromJsonAsync<JsonElement>("/api/me/purchases?sort=-bookedAt");
        var fiscal = subsidy
            .GetProperty("items")[0]
            .GetProperty("sources")
            .EnumerateArray()
            .Single(s => s.GetProperty("source").GetString() == "fiscal");
        var purchase = purchases.GetProperty("items")[0];

        Assert.Multiple(() =>
        {
            Assert.That(bought.Status, Is.EqualTo("approved"));
            Assert.That(fiscal.GetProperty("capFen").GetInt64(), Is.EqualTo(30000), "category 1's default fiscal cap");
            Assert.That(fiscal.GetProperty("usedFen").GetInt64(), Is.EqualTo(bought.Split!.FiscalFen));
            Assert.That(fiscal.GetProperty("leftFen").GetInt64(), Is.EqualTo(30000 - bought.Split!.FiscalFen));
            Assert.That(purchases.GetProperty("total").GetInt64(), Is.EqualTo(1));
            Assert.That(purchase.GetProperty("receiptNo").GetString(), Is.EqualTo(bought.ReceiptNo));
            Assert.That(
                purchase.GetProperty("split").GetProperty("familyFen").GetInt64(),
                Is.EqualTo(bought.Split!.FamilyFen)
            );
        });
    }

    [Test]
    public async Task An_agent_sees_its_principals_and_staff_are_refused()
    {
        var principal = await AddElderAsync(_county, category: 3);
        var stranger = await AddElderAsync(_county, category: 3);
        using var elder = Host.CreateClient("elder", elder: principal.ElderId);
        var order = await PlaceAsync(elder);
        using var agent = Host.CreateClient("agent", elders: [principal.ElderId]);
        using var bureau = Host.CreateClient("bureau", _county);

        var seen = await agent.GetFromJsonAsync<JsonElement>($"/api/me/orders?elderId={principal.ElderId}");
        var read = await agent.GetAsync($"/api/me/orders/{order.OrderId}");
        var notTheirs = await agent.GetAsync($"/api/me/subsidy?elderId={stranger.ElderId}");
        var staff = await bureau.GetAsync("/api/me/orders");
        var unknownParameter = await agent.GetAsync("/api/me/orders?stauts=pending");
        var problem = await unknownParameter.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("total").GetInt64(), Is.EqualTo(1));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(notTheirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(staff.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(unknownParameter.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("unknown_parameter"));
            Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("stauts"));
        });
    }
}
