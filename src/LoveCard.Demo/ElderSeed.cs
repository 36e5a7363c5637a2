using System.Text.Json.Nodes;

namespace LoveCard.Demo;

/// <summary>
/// The elders and their cards: the roster CSV imported (and so classified), the cards the cards service
/// provisions from it, consent where the demo gives it, and the cards that show a case at a terminal.
/// </summary>
internal sealed class ElderSeed(SeedContext seed, Dictionary<string, DemoCard> cards)
{
    public async Task RosterAsync(string county, IReadOnlyList<DemoElder> elders, CancellationToken ct)
    {
        var known = await seed.Eligibility.CallAsync(
            "count the county's elders",
            HttpMethod.Get,
            $"/api/elders?county={county}&page=1&pageSize=1",
            seed.Maker(county),
            ct: ct
        );
        if (known["total"]!.GetValue<long>() >= elders.Count)
        {
            seed.Say($"roster of {county} already imported ({known["total"]} elders)");
            return;
        }

        var started = ServiceApi.Expect(
            await seed.Eligibility.PostRawAsync(
                "upload the roster CSV",
                $"/api/elders/imports?county={county}",
                seed.Maker(county),
                DemoRoster.RosterCsv(county, elders),
                "text/csv",
                ct
            ),
            "eligibility",
            "upload the roster CSV"
        );
        var importId = started.Body!["importId"]!.GetValue<string>();
        seed.Say($"roster of {county} uploaded ({elders.Count} rows), import {importId}");
        var progress = await seed.WaitForAsync(
            "eligibility",
            "wait for the roster import",
            async () =>
            {
                var p = await seed.Eligibility.CallAsync(
                    "read the import's progress",
                    HttpMethod.Get,
                    $"/api/elders/imports/{importId}",
                    seed.Maker(county),
                    ct: ct
                );
                return p["status"]!.GetValue<string>() is "succeeded" or "failed" ? p : null;
            },
            ct
        );
        if (progress["status"]!.GetValue<string>() != "succeeded" || progress["rowsRejected"]!.GetValue<long>() > 0)
        {
            throw new DemoStepException(
                "eligibility",
                "roster import",
                null,
                null,
                $"import {importId} ended {progress["status"]} with {progress["rowsRejected"]} rejected rows "
                    + $"({progress["error"]}); see /api/elders/imports/{importId}/errors"
            );
        }

        seed.Say(
            $"roster of {county} imported: {progress["rowsCreated"]} created, {progress["rowsUpdated"]} updated, "
                + $"{progress["rowsUnchanged"]} unchanged; classified"
        );
    }

    public async Task CardsAsync(string county, IReadOnlyList<DemoElder> elders, CancellationToken ct)
    {
        var expected = elders.Where(e => e.ExpectedCategory is not null).ToArray();
        var token = seed.Maker(county);
        seed.Say($"waiting for cards to be provisioned in {county} (no application needed)...");
        await seed.WaitForAsync(
            "cards",
            $"wait for {expected.Length} cards in {county}",
            async () =>
            {
                var list = await seed.Cards.CallAsync(
                    "list the county's cards",
                    HttpMethod.Get,
                    $"/api/cards?county={county}&pageSize=500",
                    token,
                    ct: ct
                );
                return list["total"]!.GetValue<long>() >= expected.Length ? list : null;
            },
            ct
        );

        foreach (var elder in expected)
        {
            var number = await seed.Cards.CallAsync(
                $"look up card number {elder.CardNumber}",
                HttpMethod.Get,
                $"/api/cards/numbers/{elder.CardNumber}",
                token,
                ct: ct
            );
            var card = await seed.Cards.CallAsync(
                $"read card {elder.CardNumber}",
                HttpMethod.Get,
                $"/api/cards/{number["cardId"]}",
                token,
                ct: ct
            );
            cards[elder.CardNumber] = Card(elder.CardNumber, card);
        }

        var consented = 0;
        foreach (var elder in expected.Where(e => e.Consent != ConsentBy.None))
        {
            var card = cards[elder.CardNumber];
            if (card.Status != "pending_consent")
            {
                continue;
            }

            object body = elder.Consent switch
            {
                ConsentBy.Agent => new
                {
                    givenBy = "agent",
                    agent = new
                    {
                        name = "刘女士",
                        idNumber = DemoRoster.AgentIdNumber(county, consented),
                        relation = "daughter",
                        phone = "13900000000",
                    },
                    channel = "offline_assisted",
                    place = $"{county} 民政服务中心 (civil-affairs service centre)",
                },
                ConsentBy.ElderOffline => new
                {
                    givenBy = "elder",
                    channel = "offline_assisted",
                    place = $"{elder.Village} 村委会 (village committee)",
                },
                _ => new { givenBy = "elder", channel = "online" },
            };
            var answer = await seed.Cards.CallAsync(
                $"record consent for card {elder.CardNumber}",
                HttpMethod.Post,
                $"/api/cards/{card.CardId}/consent",
                token,
                body,
                ct: ct
            );
            cards[elder.CardNumber] = Card(elder.CardNumber, answer["card"]!);
            consented++;
        }

        seed.Say(
            $"{expected.Length} cards in {county}; consent recorded for {consented} now "
                + $"({expected.Count(e => e.Consent == ConsentBy.None)} left pending on purpose)"
        );
    }

    private static DemoCard Card(string rosterNumber, JsonNode card) =>
        new(
            rosterNumber,
            Guid.Parse(card["cardId"]!.GetValue<string>()),
            Guid.Parse(card["elderId"]!.GetValue<string>()),
            card["cardNumber"]!.GetValue<string>(),
            card["status"]!.GetValue<string>(),
            card["category"]?.GetValue<int?>()
        );

    /// <summary>The cards that show a case at a terminal: a face, a suspended card, a replaced number.</summary>
    public async Task CardCasesAsync(CancellationToken ct)
    {
        var token = seed.Maker(DemoCounty.Home);
        var face = cards[DemoCounty.FaceCard];
        var bound = await seed.Cards.SendAsync(
            "bind a face id",
            HttpMethod.Put,
            $"/api/cards/{face.CardId}/face",
            token,
            System.Net.Http.Json.JsonContent.Create(new { faceId = DemoCounty.DemoFaceId }),
            null,
            ct
        );
        if (bound.Code != "face_already_bound_to_this_card")
        {
            // Bound by an earlier run is fine; anything else (e.g. the face on another card) is not.
            ServiceApi.Expect(bound, "cards", "bind a face id to card " + face.CardNumber);
        }

        var suspended = cards[DemoCounty.SuspendedCard];
        if (suspended.Status == "active")
        {
            var answer = await seed.Cards.CallAsync(
                "suspend a card (lost)",
                HttpMethod.Post,
                $"/api/cards/{suspended.CardId}/suspend",
                token,
                new { reason = "lost", note = "演示：老人报失" },
                ct: ct
            );
            cards[DemoCounty.SuspendedCard] = Card(DemoCounty.SuspendedCard, answer);
        }

        var replaced = cards[DemoCounty.ReplacedCard];
        if (replaced.CardNumber == DemoCounty.ReplacedCard)
        {
            var answer = await seed.Cards.CallAsync(
                "replace a card (new number)",
                HttpMethod.Post,
                $"/api/cards/{replaced.CardId}/replace",
                token,
                new { note = "演示：挂失后补办" },
                ct: ct
            );
            cards[DemoCounty.ReplacedCard] = Card(DemoCounty.ReplacedCard, answer);
        }

        seed.Say(
            $"face bound to {face.CardNumber}; {suspended.CardNumber} suspended; {DemoCounty.ReplacedCard} replaced "
                + $"by {cards[DemoCounty.ReplacedCard].CardNumber}"
        );
    }
}
