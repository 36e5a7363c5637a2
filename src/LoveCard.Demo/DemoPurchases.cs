using System.Text.Json.Nodes;
using LoveCard.Terminal;

namespace LoveCard.Demo;

/// <summary>
/// The demo purchases through the terminal library: one elder's caps used up, one meal per category,
/// each bought once a day (looked up under its Idempotency-Key first) and printed as a receipt.
/// </summary>
internal sealed class DemoPurchases(
    SeedContext seed,
    DemoTerminals terminals,
    Dictionary<string, PurchaseAnswer> receipts
)
{
    public async Task PurchasesAsync(CancellationToken ct)
    {
        var meal = terminals[DemoCounty.MealTerminal];
        var bath = terminals[DemoCounty.BathTerminal];
        await meal.SyncClockAsync(ct);
        await bath.SyncClockAsync(ct);

        // Settlement learns of cards, elders and items from events: wait until it would sell a meal.
        seed.Say("waiting for the settlement service to know the cards and items...");
        foreach (
            var number in new[]
            {
                DemoCounty.Category1Card,
                DemoCounty.Category2Card,
                DemoCounty.Category3Card,
                DemoCounty.OverCapCard,
            }
        )
        {
            await seed.WaitForAsync(
                "settlement",
                $"inquiry for card {number}",
                async () =>
                {
                    var answer = await meal.InquireAsync(new InquiryRequest(Credential.Card(number), "meal", 1), ct);
                    return answer.DeclineCode is null ? new JsonObject() : null;
                },
                ct
            );
        }

        // One elder's caps used up this month: a month of bathing booked at once.
        var overCap = await bath.InquireAsync(
            new InquiryRequest(Credential.Card(DemoCounty.OverCapCard), "bath", 1),
            ct
        );
        if (overCap.RemainingCaps is { } caps && caps.FiscalFen + caps.CollectiveFen + caps.CharityFen > 0)
        {
            var key = $"demo-overcap-{DemoCounty.OverCapCard}-{seed.Today():yyyyMM}";
            var answer = await bath.FindPurchaseAsync(key, ct) is null
                ? await bath.PurchaseAsync(
                    new PurchaseRequest(Credential.Card(DemoCounty.OverCapCard), "bath", 20),
                    key,
                    ct
                )
                : null;
            seed.Say(
                $"card {DemoCounty.OverCapCard}: 20 baths booked at once, monthly caps used "
                    + $"up{(answer is null ? "" : $" (receipt {answer.ReceiptNo})")}"
            );
        }

        foreach (var number in new[] { DemoCounty.Category1Card, DemoCounty.Category2Card, DemoCounty.Category3Card })
        {
            var key = $"demo-meal-{number}-{seed.Today():yyyyMMdd}";
            // Already bought today under this key: show that purchase, do not buy again.
            var earlier = await meal.FindPurchaseAsync(key, ct);
            var answer = earlier is { } v
                ? new PurchaseAnswer(
                    v.PurchaseId,
                    v.ReceiptNo,
                    v.Status,
                    v.DeclineCode,
                    v.Elder,
                    v.Item,
                    v.Quantity,
                    v.ListPriceFen,
                    v.PriceFen,
                    v.Split,
                    v.RemainingCaps,
                    v.OccurredAt,
                    v.BookedAt
                )
                : await meal.PurchaseAsync(new PurchaseRequest(Credential.Card(number), "meal"), key, ct);
            receipts[number] = answer;
            WriteReceipt(answer, DemoCounty.MealTerminal, earlier is not null);
        }
    }

    private void WriteReceipt(PurchaseAnswer p, string terminalId, bool earlier)
    {
        seed.Out.WriteLine();
        seed.Out.WriteLine(
            $"  ---- receipt {p.ReceiptNo} at "
                + $"{terminalId}{(earlier ? " (bought earlier today; shown again, not bought twice)" : "")}"
        );
        seed.Out.WriteLine(
            $"  {p.Status.ToUpperInvariant()}{(p.DeclineCode is null ? "" : " " + p.DeclineCode)}   "
                + $"{p.Elder?.MaskedName} category {p.Elder?.Category}, county {p.Elder?.HomeCounty}"
        );
        seed.Out.WriteLine($"  {p.Item} x {p.Quantity}   price {SeedContext.Yuan(p.PriceFen ?? 0)}");
        if (p.Split is { } s)
        {
            seed.Out.WriteLine(
                $"    fiscal 财政 {SeedContext.Yuan(s.FiscalFen), 8}   collective 村集体 "
                    + $"{SeedContext.Yuan(s.CollectiveFen), 8}   charity 慈善 {SeedContext.Yuan(s.CharityFen), 8}   "
                    + $"family 家庭 {SeedContext.Yuan(s.FamilyFen), 8}"
            );
        }

        if (p.RemainingCaps is { } c)
        {
            seed.Out.WriteLine(
                $"    left this month: fiscal {SeedContext.Yuan(c.FiscalFen)}, collective "
                    + $"{SeedContext.Yuan(c.CollectiveFen)}, charity {SeedContext.Yuan(c.CharityFen)}"
            );
        }
    }
}
