using System.Text.Json;
using LoveCard.Hosting;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Tests.Ledger;
using LoveCard.Settlement.Tests.Terminals;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Purchases;

/// <summary>Voids and refunds (TERMINAL-PROTOCOL.md, DOMAIN.md §3): reversing postings, caps and balances
/// restored.</summary>
public sealed class Voiding_and_refunding
{
    private string _county = "";
    private TestTerminal _terminal = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        await StartAsync();
        _county = NewCounty();
        _terminal = await AddTerminalAsync(await AddProviderAsync(_county), _county);
    }

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    private async Task<(Elder Elder, PurchaseAnswer Purchase)> BuyCategory1Async(TestTerminal? terminal = null)
    {
        var elder = await AddElderAsync(_county, category: 1, village: _county + "V" + Random.Shared.Next(1000, 9999));
        await TopUpAllAsync(_county, elder.Village, 100_000);
        var purchase = await BuyAsync(terminal ?? _terminal, PurchaseBody(Card(elder)));
        Assert.That(purchase.Status, Is.EqualTo("approved"));
        return (elder, purchase);
    }

    private static async Task<(int Status, string Body)> PostAsync(
        TestTerminal terminal,
        string target,
        object body,
        string? key = null
    )
    {
        var response = await terminal.PostJsonAsync(target, body, key ?? Guid.NewGuid().ToString("N"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string? Code(string body) =>
        JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;

    private long Fiscal() =>
        CountAsync(
                "SELECT coalesce(sum(balance_fen), 0)::bigint FROM fund_shards WHERE account_id = @a",
                new { a = $"fund:{_county}:fiscal" }
            )
            .GetAwaiter()
            .GetResult();

    [Test]
    public async Task A_void_the_same_day_returns_every_source_what_it_paid_and_restores_the_caps()
    {
        var (elder, purchase) = await BuyCategory1Async();
        var fiscalBefore = Fiscal();

        var (status, body) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/void",
            new { reason = "wrong item" }
        );

        Assert.That(status, Is.EqualTo(200), body);
        var view = JsonSerializer.Deserialize<PurchaseView>(body, TestTerminal.Json)!;
        Assert.That(view.Status, Is.EqualTo("voided"));
        Assert.That(view.Reversals.Single().Split, Is.EqualTo(new SplitView(1200, 225, 75, 0)));
        Assert.That(Fiscal(), Is.EqualTo(fiscalBefore + 1200));
        Assert.That(
            await CountAsync(
                "SELECT fiscal_used_fen + collective_used_fen + charity_used_fen FROM cap_usage WHERE elder_id = "
                    + "@ElderId",
                new { elder.ElderId }
            ),
            Is.EqualTo(0)
        );
        Assert.That(
            await CountAsync(
                "SELECT count(*) FROM outbox WHERE message_type LIKE '%PurchaseReversed' AND aggregate_id = @id",
                new { id = purchase.PurchaseId.ToString() }
            ),
            Is.EqualTo(1)
        );

        var (again, againBody) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/void",
            new { reason = "again" }
        );
        var (refund, refundBody) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/refunds",
            new { amountFen = 100 }
        );
        Assert.That((again, Code(againBody)), Is.EqualTo((409, "already_voided")));
        Assert.That((refund, Code(refundBody)), Is.EqualTo((409, "already_voided")));
    }

    [Test]
    public async Task A_void_after_a_refund_is_refused_and_a_declined_purchase_cannot_be_reversed()
    {
        var (_, purchase) = await BuyCategory1Async();
        var (refund, _) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/refunds",
            new { amountFen = 300 }
        );
        var (voided, voidBody) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/void",
            new { }
        );
        var declined = await BuyAsync(_terminal, PurchaseBody(new { type = "card", value = NewCardNumber() }));
        var (declinedVoid, declinedBody) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{declined.PurchaseId}/void",
            new { }
        );

        Assert.That(refund, Is.EqualTo(200));
        Assert.That((voided, Code(voidBody)), Is.EqualTo((409, "already_refunded")));
        Assert.That((declinedVoid, Code(declinedBody)), Is.EqualTo((409, "purchase_declined")));
    }

    [Test]
    public async Task Partial_refunds_never_exceed_what_remains_and_the_last_returns_each_source_its_remainder()
    {
        var (elder, purchase) = await BuyCategory1Async();
        var fiscalBefore = Fiscal();

        var (s1, b1) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/refunds",
            new { amountFen = 701, reason = "half portion" }
        );
        var (s2, b2) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/refunds",
            new { amountFen = 800 }
        );
        var (s3, b3) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/refunds",
            new { amountFen = 799 }
        );
        var (s4, b4) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/refunds",
            new { amountFen = 1 }
        );

        Assert.That(s1, Is.EqualTo(200), b1);
        var first = JsonSerializer.Deserialize<RefundAnswer>(b1, TestTerminal.Json)!;
        // floor(701 × 1200/1500) = 560, floor(701 × 225/1500) = 105, floor(701 × 75/1500) = 35 → 700; 1 fen to charity.
        Assert.That(first.Split, Is.EqualTo(new SplitView(560, 105, 36, 0)));
        Assert.That(first.RemainingRefundableFen, Is.EqualTo(799));
        Assert.That((s2, Code(b2)), Is.EqualTo((409, "refund_exceeds_remaining")));
        Assert.That(s3, Is.EqualTo(200), b3);
        var last = JsonSerializer.Deserialize<RefundAnswer>(b3, TestTerminal.Json)!;
        Assert.That(last.Split, Is.EqualTo(new SplitView(640, 120, 39, 0)), "exactly each source's remainder");
        Assert.That(last.RemainingRefundableFen, Is.EqualTo(0));
        Assert.That((s4, Code(b4)), Is.EqualTo((409, "refund_exceeds_remaining")));
        Assert.That(Fiscal(), Is.EqualTo(fiscalBefore + 1200));
        Assert.That(
            await CountAsync(
                "SELECT fiscal_used_fen + collective_used_fen + charity_used_fen FROM cap_usage WHERE elder_id = "
                    + "@ElderId",
                new { elder.ElderId }
            ),
            Is.EqualTo(0)
        );
    }

    [Test]
    public async Task A_refund_of_zero_is_bad_input()
    {
        var (_, purchase) = await BuyCategory1Async();
        var (status, body) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/refunds",
            new { amountFen = 0 }
        );
        Assert.That(
            (status, JsonDocument.Parse(body).RootElement.GetProperty("field").GetString()),
            Is.EqualTo((400, "amountFen"))
        );
    }

    [Test]
    public async Task A_void_after_midnight_in_Shanghai_is_refused()
    {
        var local = Shanghai.ToLocal(Now);
        MoveTo(
            Shanghai.At(Shanghai.Today(Now), new TimeOnly(23, 58)) > Now
                ? Shanghai.At(Shanghai.Today(Now), new TimeOnly(23, 58))
                : Shanghai.At(Shanghai.Today(Now).AddDays(1), new TimeOnly(23, 58))
        );
        Assert.That(Shanghai.ToLocal(Now).Hour, Is.EqualTo(23), $"moved from {local}");
        var (_, purchase) = await BuyCategory1Async();

        MoveTo(Now.AddMinutes(3)); // 00:01 the next day
        var (status, body) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/void",
            new { reason = "late" }
        );
        var (refund, _) = await PostAsync(
            _terminal,
            $"/terminal/v1/purchases/{purchase.PurchaseId}/refunds",
            new { amountFen = 1500 }
        );

        Assert.That((status, Code(body)), Is.EqualTo((409, "void_window_closed")));
        Assert.That(refund, Is.EqualTo(200), "a refund is still possible");
    }
}
