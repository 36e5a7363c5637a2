using System.Text.Json;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Tests.Terminals;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>
/// The family's share in the ledger (ADR 0040): a purchase posts it from the provider's family account to its
/// counter with the subsidy (payable + counter = the price), a refund and a void post it back exactly, a declined
/// purchase posts nothing.
/// </summary>
public sealed class Posting_the_family_share
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

    private async Task<PurchaseAnswer> BuyCategory2Async()
    {
        var elder = await AddElderAsync(_county, category: 2, village: _county + "V" + Random.Shared.Next(1000, 9999));
        await TopUpAllAsync(_county, elder.Village, 100_000);
        var purchase = await BuyAsync(_terminal, PurchaseBody(Card(elder)));
        Assert.That(purchase.Status, Is.EqualTo("approved"));
        Assert.That(purchase.Split!.FamilyFen, Is.GreaterThan(0), "category 2 pays a family share");
        return purchase;
    }

    /// <summary>What the purchase's postings put on the provider's payable, counter and family accounts.</summary>
    private async Task<(long Payable, long Counter, long Family)> PostedAsync(Guid purchaseId) =>
        (
            await SumAsync(purchaseId, Core.Ledger.Accounts.Payable(_provider)),
            await SumAsync(purchaseId, Core.Ledger.Accounts.Counter(_provider)),
            await SumAsync(purchaseId, Core.Ledger.Accounts.Family(_provider))
        );

    private static Task<long> SumAsync(Guid purchaseId, string account) =>
        CountAsync(
            "SELECT coalesce(sum(amount_fen), 0)::bigint FROM postings WHERE purchase_id = @purchaseId AND account_id "
                + "= @account",
            new { purchaseId, account }
        );

    [Test]
    public async Task A_purchase_posts_the_family_share_to_the_counter_so_payable_and_counter_make_the_price()
    {
        var purchase = await BuyCategory2Async();
        var split = purchase.Split!;

        var (payable, counter, family) = await PostedAsync(purchase.PurchaseId);

        Assert.Multiple(() =>
        {
            Assert.That(payable, Is.EqualTo(split.FiscalFen + split.CollectiveFen + split.CharityFen), "subsidy");
            Assert.That(counter, Is.EqualTo(split.FamilyFen), "the family's share at the counter");
            Assert.That(family, Is.EqualTo(-split.FamilyFen), "from the families");
            Assert.That(payable + counter, Is.EqualTo(purchase.PriceFen), "takings = subsidy + family");
        });
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM accounts WHERE account_id IN (@f, @c) AND provider_id = @_provider AND county = "
                    + "@_county",
                new
                {
                    f = Core.Ledger.Accounts.Family(_provider),
                    c = Core.Ledger.Accounts.Counter(_provider),
                    _provider,
                    _county,
                }
            ),
            Is.EqualTo(2)
        );
    }

    [Test]
    public async Task A_refund_then_a_void_give_the_family_share_back_exactly()
    {
        var refunded = await BuyCategory2Async();
        var response = await _terminal.PostJsonAsync(
            $"/terminal/v1/purchases/{refunded.PurchaseId}/refunds",
            new { amountFen = 701 },
            Guid.NewGuid().ToString("N")
        );
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body);
        var refund = JsonSerializer.Deserialize<RefundAnswer>(body, TestTerminal.Json)!;

        var (payable, counter, family) = await PostedAsync(refunded.PurchaseId);
        var split = refunded.Split!;
        Assert.Multiple(() =>
        {
            Assert.That(counter, Is.EqualTo(split.FamilyFen - refund.Split.FamilyFen));
            Assert.That(family, Is.EqualTo(-counter));
            Assert.That(payable + counter, Is.EqualTo(refunded.PriceFen - 701), "takings less the refund");
        });

        var voided = await BuyCategory2Async();
        var voidResponse = await _terminal.PostJsonAsync(
            $"/terminal/v1/purchases/{voided.PurchaseId}/void",
            new { reason = "wrong item" },
            Guid.NewGuid().ToString("N")
        );
        Assert.That((int)voidResponse.StatusCode, Is.EqualTo(200), await voidResponse.Content.ReadAsStringAsync());
        Assert.That(await PostedAsync(voided.PurchaseId), Is.EqualTo((0L, 0L, 0L)), "a void nets every account");
    }

    [Test]
    public async Task A_declined_purchase_posts_nothing()
    {
        var elder = await AddElderAsync(_county, category: 2, village: _county + "V" + Random.Shared.Next(1000, 9999));
        await TopUpAllAsync(_county, elder.Village, 100_000);

        var declined = await BuyAsync(_terminal, PurchaseBody(Card(elder), maxFamilyFen: 1));

        Assert.That(declined.DeclineCode, Is.EqualTo(DeclineCodes.FamilyShareExceedsLimit));
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM postings WHERE purchase_id = @PurchaseId",
                new { declined.PurchaseId }
            ),
            Is.EqualTo(0)
        );
    }

    [Test]
    public async Task A_purchase_the_family_pays_in_full_posts_only_the_family_share()
    {
        var elder = await AddElderAsync(_county, category: 3);

        var purchase = await BuyAsync(_terminal, PurchaseBody(Card(elder)));

        Assert.That(purchase.Split, Is.EqualTo(new SplitView(0, 0, 0, purchase.PriceFen!.Value)));
        Assert.That(
            await PostedAsync(purchase.PurchaseId),
            Is.EqualTo((0L, purchase.PriceFen!.Value, -purchase.PriceFen!.Value))
        );
    }
}
