using System.Globalization;
using System.Text.Json.Nodes;
using LoveCard.Terminal;

namespace LoveCard.Demo;

/// <summary>
/// A home visit proven at the home-care provider's handheld (protocol 1.1): the bureau records the elder's
/// home point, the provider's registered care worker checks in there and out again after the item's
/// shortest visit, and the cleaning bought afterwards names the visit. Once a day (the purchase's
/// Idempotency-Key carries the date); a second run the same day shows that purchase again.
/// </summary>
internal sealed class DemoVisits(
    SeedContext seed,
    DemoTerminals terminals,
    IReadOnlyDictionary<string, Guid> providerIds,
    IReadOnlyDictionary<string, DemoCard> cards
)
{
    // A point in 舟山市普陀区; the care worker stands a few metres from it.
    private const double HomeLat = 29.9461,
        HomeLon = 122.3004;

    // A category-1 elder with no other purchase the day of the seed: the demo meals would make this sale,
    // minutes later and kilometres from the canteen, an impossible_travel hold.
    private const string Card = "D09030019";
    private const string Item = "cleaning";
    private const int MinutesSpent = 65;

    private string PurchaseKey => $"demo-home-visit-{Card}-{seed.Today():yyyyMMdd}";

    /// <summary>
    /// The bureau records the elder's home point, early so settlement has it by the visit; not again on a
    /// day whose visit is done, so a second seed changes nothing.
    /// </summary>
    public async Task HomePointAsync(CancellationToken ct)
    {
        if (
            !seed.Options.Purchases
            || await terminals[DemoCounty.CleaningTerminal].FindPurchaseAsync(PurchaseKey, ct) is not null
        )
        {
            return;
        }

        await seed.Eligibility.CallAsync(
            "set the home point of an elder",
            HttpMethod.Put,
            $"/api/elders/{cards[Card].ElderId}/home-location",
            seed.Maker(DemoCounty.Home),
            new
            {
                lat = HomeLat,
                lon = HomeLon,
                reason = "演示：入户服务核验用的居住地点",
            },
            ct: ct
        );
    }

    public async Task VisitAsync(CancellationToken ct)
    {
        var handheld = terminals[DemoCounty.CleaningTerminal];
        await handheld.SyncClockAsync(ct);
        var purchaseKey = PurchaseKey;
        if (await handheld.FindPurchaseAsync(purchaseKey, ct) is { } earlier)
        {
            seed.Say(
                $"card {Card}: home {Item} bought today after a proven visit (receipt {earlier.ReceiptNo}; "
                    + "shown again, not bought twice)"
            );
            return;
        }

        var careWorkerId = await CareWorkerAsync(ct);
        var at = new Location(HomeLat + 0.0001, HomeLon);
        var arrived = Seconds(seed.Options.Time.GetUtcNow().AddMinutes(-MinutesSpent));
        var attempt = 0;
        // Settlement learns the home point from eligibility's event: until it has, a check-in measures no distance.
        var checkedIn = await seed.WaitForAsync(
            "settlement",
            "home visit check-in at a known home point",
            async () =>
            {
                var answer = await handheld.CheckInAsync(
                    new VisitCheckInRequest(Credential.Card(Card), Item, careWorkerId, at, arrived),
                    $"demo-visit-in-{Card}-{arrived:yyyyMMddHHmmss}-{++attempt}",
                    ct
                );
                if (!answer.IsOpen)
                {
                    throw new DemoStepException(
                        "settlement",
                        "home visit check-in",
                        null,
                        answer.DeclineCode,
                        "the visit was refused"
                    );
                }

                return answer.CheckInDistanceM is null
                    ? null
                    : new JsonObject { ["visitId"] = answer.VisitId.ToString() };
            },
            ct
        );
        var visitId = Guid.Parse(checkedIn["visitId"]!.GetValue<string>());
        var visit = await handheld.CheckOutAsync(
            visitId,
            new VisitCheckOutRequest(at, Seconds(seed.Options.Time.GetUtcNow())),
            $"demo-visit-out-{visitId}",
            ct
        );
        var bought = await handheld.PurchaseAsync(
            new PurchaseRequest(
                Credential.Card(Card),
                Item,
                CareWorkerId: careWorkerId,
                Location: at,
                VisitId: visitId
            ),
            purchaseKey,
            ct
        );
        var verdict = visit.Valid == true ? "valid" : "NOT valid: " + string.Join(", ", visit.Problems ?? []);
        seed.Say(
            $"card {Card}: home visit by care worker {careWorkerId} at {DemoCounty.CleaningTerminal}, "
                + $"in {Local(visit.CheckedInAt)} out {Local(visit.CheckedOutAt)} ({visit.DurationMinutes} min, "
                + $"{visit.CheckOutDistanceM} m from home), {verdict}; {Item} bought naming visit {visitId}: "
                + $"{bought.Status}{(bought.DeclineCode is null ? "" : " " + bought.DeclineCode)} "
                + $"(receipt {bought.ReceiptNo})"
        );
    }

    private async Task<string> CareWorkerAsync(CancellationToken ct)
    {
        var providerId = providerIds[DemoCounty.CleaningTerminal];
        var listed = await seed.Whitelist.CallAsync(
            "read the care workers",
            HttpMethod.Get,
            $"/api/providers/{providerId}/care-workers",
            seed.Maker(DemoCounty.Home),
            ct: ct
        );
        var rows = listed is JsonArray array ? array : listed["items"]!.AsArray();
        return rows[0]!["id"]!.GetValue<string>();
    }

    private static DateTimeOffset Seconds(DateTimeOffset t) =>
        new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);

    private static string Local(DateTimeOffset? t) =>
        t is { } v ? v.ToOffset(TimeSpan.FromHours(8)).ToString("HH:mm", CultureInfo.InvariantCulture) : "-";
}
