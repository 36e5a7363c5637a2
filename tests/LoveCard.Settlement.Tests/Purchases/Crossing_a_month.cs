using LoveCard.Hosting;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Tests.Ledger;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>Caps are per booking month on the Asia/Shanghai calendar (DOMAIN.md §3).</summary>
public sealed class Crossing_a_month
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    [Test]
    public async Task Resets_the_caps_at_midnight_Shanghai_on_the_first_of_the_month()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 2);
        await TopUpAllAsync(county, elder.Village);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county, [Item("meal", 40000)]), county);
        var nextMonth = Shanghai.StartOf(Shanghai.MonthStart(Now).AddMonths(1));
        MoveTo(nextMonth.AddMinutes(-2)); // 23:58 on the last day, Shanghai time (15:58 UTC)

        var first = await BuyAsync(terminal, PurchaseBody(Card(elder)));
        var second = await BuyAsync(terminal, PurchaseBody(Card(elder)));
        MoveTo(nextMonth.AddMinutes(1));
        var third = await BuyAsync(terminal, PurchaseBody(Card(elder)));

        // Category 2: 30 % / 20 % of 40000 = 12000 / 8000, capped at 10000 / 5000 a month.
        Assert.That(first.Split, Is.EqualTo(new SplitView(10000, 5000, 0, 25000)));
        Assert.That(second.Split, Is.EqualTo(new SplitView(0, 0, 0, 40000)), "caps of the month are used up");
        Assert.That(third.Split, Is.EqualTo(new SplitView(10000, 5000, 0, 25000)), "a new month, new caps");
        Assert.That(third.RemainingCaps, Is.EqualTo(new CapsView(0, 0, 0)));
        Assert.That(
            await CountAsync(
                "SELECT count(DISTINCT month) FROM cap_usage WHERE elder_id = @ElderId",
                new { elder.ElderId }
            ),
            Is.EqualTo(2)
        );
    }

    [Test]
    public async Task Restores_a_refund_to_the_caps_of_the_month_the_purchase_was_booked_in()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 2);
        await TopUpAllAsync(county, elder.Village);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county, [Item("meal", 10000)]), county);
        var bookedMonth = Shanghai.MonthStart(Now);
        var purchase = await BuyAsync(terminal, PurchaseBody(Card(elder)));
        MoveTo(Shanghai.StartOf(bookedMonth.AddMonths(1)).AddHours(1));
        var thisMonth = await BuyAsync(terminal, PurchaseBody(Card(elder)));

        var refund = await terminal.PostJsonAsync(
            $"/terminal/v1/purchases/{purchase.PurchaseId}/refunds",
            new { amountFen = 10000 },
            Guid.NewGuid().ToString("N")
        );

        Assert.That((int)refund.StatusCode, Is.EqualTo(200), await refund.Content.ReadAsStringAsync());
        Assert.That(thisMonth.Split, Is.EqualTo(new SplitView(3000, 2000, 0, 5000)));
        Assert.That(
            await CountAsync(
                "SELECT fiscal_used_fen FROM cap_usage WHERE elder_id = @ElderId AND month = @bookedMonth",
                new { elder.ElderId, bookedMonth }
            ),
            Is.EqualTo(0)
        );
        Assert.That(
            await CountAsync(
                "SELECT fiscal_used_fen FROM cap_usage WHERE elder_id = @ElderId AND month = @m",
                new { elder.ElderId, m = bookedMonth.AddMonths(1) }
            ),
            Is.EqualTo(3000)
        );
    }
}
