using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Settlement.Core.Orders;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Tests.Ledger;
using LoveCard.Settlement.Tests.Terminals;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Orders;

/// <summary>Online and phone orders, fulfilled at the provider's terminal, cancelled or expired (DOMAIN.md
/// §5).</summary>
public sealed class Ordering_a_service
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

    private async Task<OrderView> PlaceAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/orders", body);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OrderView>(TestTerminal.Json))!;
    }

    [Test]
    public async Task An_elder_orders_online_and_a_terminal_fulfils_it_once()
    {
        var elder = await AddElderAsync(_county, category: 3);
        using var app = Host.CreateClient("elder", elder: elder.ElderId);
        var order = await PlaceAsync(
            app,
            new
            {
                providerId = _provider,
                item = "meal",
                quantity = 1,
                note = "no chilli",
            }
        );

        var pending = await _terminal.GetAsync("/terminal/v1/orders?status=pending");
        var first = await BuyAsync(_terminal, PurchaseBody(Card(elder), orderId: order.OrderId));
        var second = await BuyAsync(_terminal, PurchaseBody(Card(elder), orderId: order.OrderId));
        var after = await app.GetFromJsonAsync<OrderView>($"/api/orders/{order.OrderId}", TestTerminal.Json);

        Assert.That(order.Channel, Is.EqualTo("online"));
        Assert.That(await pending.Content.ReadAsStringAsync(), Does.Contain(order.OrderId.ToString()));
        Assert.That(first.Status, Is.EqualTo("approved"));
        Assert.That((second.Status, second.DeclineCode), Is.EqualTo(("declined", DeclineCodes.OrderInvalid)));
        Assert.That((after!.Status, after.PurchaseId), Is.EqualTo(("fulfilled", (Guid?)first.PurchaseId)));
    }

    [Test]
    public async Task An_operator_orders_by_phone_for_its_county_and_an_agent_only_for_its_elders()
    {
        var elder = await AddElderAsync(_county, category: 3);
        using var operatorClient = Host.CreateClient("operator", _county, subject: "op-1");
        using var otherOperator = Host.CreateClient("operator", NewCounty(), subject: "op-2");
        using var agent = Host.CreateClient("agent", elders: [Guid.NewGuid()]);

        var order = await PlaceAsync(
            operatorClient,
            new
            {
                elderId = elder.ElderId,
                providerId = _provider,
                item = "meal",
                quantity = 2,
            }
        );
        var foreign = await otherOperator.PostAsJsonAsync(
            "/api/orders",
            new
            {
                elderId = elder.ElderId,
                providerId = _provider,
                item = "meal",
                quantity = 1,
            }
        );
        var notTheirs = await agent.PostAsJsonAsync(
            "/api/orders",
            new
            {
                elderId = elder.ElderId,
                providerId = _provider,
                item = "meal",
                quantity = 1,
            }
        );
        var wrongItem = await operatorClient.PostAsJsonAsync(
            "/api/orders",
            new
            {
                elderId = elder.ElderId,
                providerId = _provider,
                item = "bath",
                quantity = 1,
            }
        );
        var mismatch = await BuyAsync(_terminal, PurchaseBody(Card(elder), quantity: 1, orderId: order.OrderId));

        Assert.That(order.Channel, Is.EqualTo("phone"));
        Assert.That((int)foreign.StatusCode, Is.EqualTo(404));
        Assert.That((int)notTheirs.StatusCode, Is.EqualTo(404));
        Assert.That((int)wrongItem.StatusCode, Is.EqualTo(422));
        Assert.That(mismatch.DeclineCode, Is.EqualTo(DeclineCodes.OrderInvalid), "the order is for 2");
    }

    [Test]
    public async Task A_cancelled_or_expired_order_cannot_be_fulfilled()
    {
        var elder = await AddElderAsync(_county, category: 3);
        using var app = Host.CreateClient("elder", elder: elder.ElderId);
        var cancelled = await PlaceAsync(
            app,
            new
            {
                providerId = _provider,
                item = "meal",
                quantity = 1,
            }
        );
        var expiring = await PlaceAsync(
            app,
            new
            {
                providerId = _provider,
                item = "meal",
                quantity = 1,
            }
        );

        var cancel = await app.PostAsync($"/api/orders/{cancelled.OrderId}/cancel", null);
        var cancelAgain = await app.PostAsync($"/api/orders/{cancelled.OrderId}/cancel", null);
        MoveTo(Now.AddHours(49));
        await Host
            .Services.GetRequiredService<LoveCard.Hosting.Jobs.JobRunner>()
            .RunNowAsync("order-expiry", CancellationToken.None);
        var expired = await app.GetFromJsonAsync<OrderView>($"/api/orders/{expiring.OrderId}", TestTerminal.Json);

        Assert.That((int)cancel.StatusCode, Is.EqualTo(200));
        Assert.That((int)cancelAgain.StatusCode, Is.EqualTo(409));
        Assert.That(expired!.Status, Is.EqualTo("expired"));
        Assert.That(
            (await BuyAsync(_terminal, PurchaseBody(Card(elder), orderId: cancelled.OrderId))).DeclineCode,
            Is.EqualTo(DeclineCodes.OrderInvalid)
        );
        Assert.That(
            (await BuyAsync(_terminal, PurchaseBody(Card(elder), orderId: expiring.OrderId))).DeclineCode,
            Is.EqualTo(DeclineCodes.OrderInvalid)
        );
    }
}
