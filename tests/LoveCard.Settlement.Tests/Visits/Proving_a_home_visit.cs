using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Settlement.BackOffice.Supervision;
using LoveCard.Settlement.Core.Purchases;
using LoveCard.Settlement.Core.Visits;
using LoveCard.Settlement.Tests.Ledger;
using LoveCard.Settlement.Tests.Terminals;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;
using static LoveCard.Settlement.Tests.Visits.VisitWorld;

namespace LoveCard.Settlement.Tests.Visits;

/// <summary>
/// Home visits (DOMAIN.md §8 "Home visits", docs/terminal-protocol.md version 1.1): a home service names the visit
/// that proves it. A visit out of the radius, too short or by a care worker the provider never registered leaves
/// the purchase flagged no_visit_proof with what failed; a valid one does not; a county that requires proof
/// declines the unproven purchase held_for_review.
/// </summary>
public sealed class Proving_a_home_visit
{
    private string _county = "";
    private Guid _provider;
    private TestTerminal _terminal = null!;
    private Guid _careWorker;

    [OneTimeSetUp]
    public async Task Start()
    {
        await StartAsync();
        _county = NewCounty();
        _provider = await AddProviderAsync(
            _county,
            [Item(ServiceItems.Bath, 5000), Item(ServiceItems.Cleaning, 4000), Item(ServiceItems.Meal, 1500)]
        );
        _terminal = await AddTerminalAsync(_provider, _county);
        _careWorker = await AddCareWorkerAsync(_provider, _county);
        await TopUpAllAsync(_county, _county + "001");
    }

    [TearDown]
    public Task Ledger_stays_balanced() => LedgerInvariants.AssertAsync(Host.Schema);

    [Test]
    public async Task A_valid_visit_proves_the_purchase_and_a_failed_one_says_what_failed()
    {
        var elder = await AddElderAtHomeAsync(_county);
        var valid = await VisitAsync(_terminal, elder, ServiceItems.Bath, _careWorker, 45);
        var outside = await VisitAsync(
            _terminal,
            elder,
            ServiceItems.Bath,
            _careWorker,
            45,
            checkOutAt: At(HomeLat + 0.01)
        );
        var tooShort = await VisitAsync(_terminal, elder, ServiceItems.Bath, _careWorker, 10);
        var stranger = await VisitAsync(_terminal, elder, ServiceItems.Bath, Guid.NewGuid(), 45);
        Assert.Multiple(() =>
        {
            Assert.That((valid.Status, valid.Valid), Is.EqualTo((VisitRules.Completed, (bool?)true)));
            Assert.That(valid.Problems, Is.Empty);
            Assert.That(valid.CheckInDistanceM, Is.EqualTo(0));
            Assert.That(valid.DurationMinutes, Is.EqualTo(45));
            Assert.That(outside.Problems, Is.EqualTo(new[] { VisitRules.OutsideRadius }));
            Assert.That(outside.CheckOutDistanceM, Is.InRange(1100, 1125), "0.01° of latitude");
            Assert.That(
                tooShort.Problems,
                Is.EqualTo(new[] { VisitRules.TooShort }),
                "a bath takes at least 30 minutes"
            );
            Assert.That(
                (stranger.Status, stranger.DeclineCode),
                Is.EqualTo((VisitRules.Refused, VisitRules.CareWorkerUnknown))
            );
        });

        var proven = await BuyAsync(_terminal, PurchaseWithVisit(elder, ServiceItems.Bath, valid.VisitId));
        var farAway = await BuyAsync(_terminal, PurchaseWithVisit(elder, ServiceItems.Bath, outside.VisitId));
        var hurried = await BuyAsync(_terminal, PurchaseWithVisit(elder, ServiceItems.Bath, tooShort.VisitId));
        var unregistered = await BuyAsync(_terminal, PurchaseWithVisit(elder, ServiceItems.Bath, stranger.VisitId));
        var none = await BuyAsync(_terminal, PurchaseWithVisit(elder, ServiceItems.Cleaning, null));
        var again = await BuyAsync(_terminal, PurchaseWithVisit(elder, ServiceItems.Bath, valid.VisitId));
        var meal = await BuyAsync(_terminal, PurchaseWithVisit(elder, ServiceItems.Meal, null));
        Assert.That(
            new[] { proven, farAway, hurried, unregistered, none, again, meal }.Select(p => p.Status),
            Has.All.EqualTo("approved"),
            "this county flags unproven home services, it does not decline them"
        );
        Assert.Multiple(async () =>
        {
            Assert.That(await VisitProblemsAsync(proven.PurchaseId), Is.Empty);
            Assert.That(await VisitProblemsAsync(farAway.PurchaseId), Is.EqualTo(new[] { VisitRules.OutsideRadius }));
            Assert.That(await VisitProblemsAsync(hurried.PurchaseId), Is.EqualTo(new[] { VisitRules.TooShort }));
            Assert.That(
                await VisitProblemsAsync(unregistered.PurchaseId),
                Is.EqualTo(new[] { VisitRules.CareWorkerUnknown })
            );
            Assert.That(await VisitProblemsAsync(none.PurchaseId), Is.EqualTo(new[] { VisitProblems.NoVisit }));
            Assert.That(
                await VisitProblemsAsync(again.PurchaseId),
                Is.EqualTo(new[] { VisitProblems.VisitUsed }),
                "one visit proves one purchase"
            );
            Assert.That(await VisitProblemsAsync(meal.PurchaseId), Is.Null, "a meal needs no visit");
        });

        await Host
            .Services.GetRequiredService<AnomalyScanner>()
            .ScanAsync(Now.AddMinutes(-1), Now.AddMinutes(1), CancellationToken.None);
        await using var connection = await Database.OpenAsync(Host.Schema);
        var evidence = await connection.QuerySingleAsync<string>(
            "SELECT evidence::text FROM anomalies WHERE provider_id = @_provider AND rule = @rule",
            new { _provider, rule = AnomalyRules.NoVisitProof }
        );
        var flagged = JsonNode.Parse(evidence)!["purchases"]!
            .AsArray()
            .ToDictionary(
                p => (Guid)p!["purchaseId"]!,
                p => p!["problems"]!.AsArray().Select(x => (string)x!).ToArray()
            );
        Assert.That(
            flagged.Keys,
            Is.EquivalentTo(
                new[]
                {
                    farAway.PurchaseId,
                    hurried.PurchaseId,
                    unregistered.PurchaseId,
                    none.PurchaseId,
                    again.PurchaseId,
                }
            ),
            "the proven bath and the meal are not flagged"
        );
        Assert.That(flagged[unregistered.PurchaseId], Is.EqualTo(new[] { VisitRules.CareWorkerUnknown }));
        Assert.That((long)JsonNode.Parse(evidence)!["radiusM"]!, Is.EqualTo(VisitRules.DefaultRadiusM));
    }

    [Test]
    public async Task A_county_that_requires_proof_declines_an_unproven_home_service_held_for_review()
    {
        var county = NewCounty();
        var provider = await AddProviderAsync(county, [Item(ServiceItems.Bath, 5000)]);
        var terminal = await AddTerminalAsync(provider, county);
        var careWorker = await AddCareWorkerAsync(provider, county);
        await TopUpAllAsync(county, county + "001");
        await PublishAsync(
            new CountySettingsChanged
            {
                AggregateId = $"county-settings:{county}",
                AggregateVersion = 2,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                County = county,
                AdvancedAge = 80,
                MinDisabilityLevel = 1,
                AssessmentValidMonths = 12,
                AllowNonLocalResidents = true,
                OneCardNetwork = true,
                SuspendBelow = 60,
                LowFundAlertDays = 7,
                MountainOrIsland = false,
                AnomalyThresholds = new Dictionary<string, long>
                {
                    ["no_visit_proof_required"] = 1,
                    ["no_visit_proof_radius_m"] = 2000,
                },
            }
        );
        await Eventually.AssertAsync(
            async () =>
                await CountAsync("SELECT count(*) FROM rm_county_settings WHERE county = @county", new { county }) == 1,
            because: () => "county settings not in settlement's read models"
        );
        var elder = await AddElderAtHomeAsync(county);

        var unproven = await BuyAsync(terminal, PurchaseWithVisit(elder, ServiceItems.Bath, null));
        var nearby = await VisitAsync(
            terminal,
            elder,
            ServiceItems.Bath,
            careWorker,
            40,
            checkOutAt: At(HomeLat + 0.01)
        );
        var proven = await BuyAsync(terminal, PurchaseWithVisit(elder, ServiceItems.Bath, nearby.VisitId));
        Assert.Multiple(async () =>
        {
            Assert.That(
                (unproven.Status, unproven.DeclineCode),
                Is.EqualTo(("declined", (string?)DeclineCodes.HeldForReview))
            );
            Assert.That(nearby.Valid, Is.True, "1.1 km is inside this county's 2,000 m");
            Assert.That((proven.Status, proven.DeclineCode), Is.EqualTo(("approved", (string?)null)));
            Assert.That(
                await VisitProblemsAsync(unproven.PurchaseId),
                Is.EqualTo(new[] { VisitProblems.NoVisit }),
                "a decline keeps what failed too"
            );
        });
    }

    [Test]
    public async Task Check_in_and_check_out_are_idempotent_and_a_visit_is_checked_out_once()
    {
        var elder = await AddElderAtHomeAsync(_county);
        var body = TestTerminal.Serialize(
            CheckInBody(elder, ServiceItems.Cleaning, _careWorker, At(HomeLat + 0.001), Now.AddMinutes(-70))
        );
        var key = Guid.NewGuid().ToString("N");
        var first = await _terminal.PostAsync("/terminal/v1/visits", body, key);
        var replay = await _terminal.PostAsync("/terminal/v1/visits", body, key);
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), firstText);
            Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(firstText));
            Assert.That(replay.Headers.GetValues("Idempotent-Replayed"), Is.EqualTo(new[] { "true" }));
        });
        var opened = JsonSerializer.Deserialize<VisitView>(firstText, TestTerminal.Json)!;
        Assert.That(opened.CheckInDistanceM, Is.InRange(100, 125), "0.001° of latitude");
        Assert.That(
            await CountAsync("SELECT count(*) FROM visits WHERE elder_id = @ElderId", new { elder.ElderId }),
            Is.EqualTo(1)
        );

        var closed = await CheckOutAsync(_terminal, opened.VisitId, At(), Now);
        Assert.That((closed.Valid, closed.DurationMinutes), Is.EqualTo(((bool?)true, (int?)70)));
        var (status, text) = await TryCheckOutAsync(_terminal, opened.VisitId, At(), Now);
        Assert.That((status, JsonNode.Parse(text)!["code"]!.GetValue<string>()), Is.EqualTo((409, "visit_not_open")));

        var other = await AddTerminalAsync(await AddProviderAsync(_county), _county);
        Assert.That(
            (await other.GetAsync($"/terminal/v1/visits/{opened.VisitId}")).StatusCode,
            Is.EqualTo(HttpStatusCode.NotFound),
            "another provider's visit is unknown to it"
        );
        var read = JsonSerializer.Deserialize<VisitView>(
            await (await _terminal.GetAsync($"/terminal/v1/visits/{opened.VisitId}")).Content.ReadAsStringAsync(),
            TestTerminal.Json
        )!;
        Assert.That(
            read,
            Is.EqualTo(closed)
                .Using<VisitView>((a, b) => a.VisitId == b.VisitId && a.Valid == b.Valid && a.Status == b.Status)
        );
    }

    [Test]
    public async Task A_county_marks_its_own_home_services_and_their_minimum()
    {
        var county = NewCounty();
        var provider = await AddProviderAsync(county, [Item("massage", 8000), Item(ServiceItems.Meal, 1500)]);
        var terminal = await AddTerminalAsync(provider, county);
        var careWorker = await AddCareWorkerAsync(provider, county);
        await PublishAsync(
            new PriceStandardChanged
            {
                AggregateId = $"price-standards:{county}",
                AggregateVersion = 1,
                Actor = TestActor,
                Reason = "test",
                OccurredAt = Now,
                County = county,
                StandardVersion = 1,
                EffectiveFrom = Shanghai.Today(Now).AddDays(-1),
                Items =
                [
                    new PriceStandardItem("massage", "按摩", "次", 9000, true, 45),
                    new PriceStandardItem(ServiceItems.Meal, "助餐", "餐", 2000, false),
                ],
            }
        );
        await Eventually.AssertAsync(
            async () =>
                await CountAsync("SELECT count(*) FROM rm_price_standards WHERE county = @county", new { county }) == 2,
            because: () => "price standards not in settlement's read models"
        );
        var elder = await AddElderAtHomeAsync(county);

        var meal = await CheckInAsync(
            terminal,
            CheckInBody(elder, ServiceItems.Meal, careWorker, At(), Now.AddMinutes(-5))
        );
        var massage = await VisitAsync(terminal, elder, "massage", careWorker, 40);
        Assert.Multiple(() =>
        {
            Assert.That(
                (meal.Status, meal.DeclineCode),
                Is.EqualTo((VisitRules.Refused, VisitRules.ItemNotHomeService))
            );
            Assert.That(
                massage.Problems,
                Is.EqualTo(new[] { VisitRules.TooShort }),
                "this county's massage takes 45 minutes"
            );
        });
    }

    [Test]
    public async Task A_visit_refuses_a_card_a_purchase_would_decline_and_says_when_the_elder_has_no_home_point()
    {
        var elder = await AddElderAsync(_county);
        var dead = await AddElderAsync(_county);
        await PublishCardAsync<LoveCard.Contracts.Cards.CardRevoked>(
            dead,
            2,
            LoveCard.Contracts.Cards.CardStatuses.Revoked
        );
        await Eventually.AssertAsync(
            async () =>
                await CountAsync(
                    "SELECT count(*) FROM rm_cards WHERE card_id = @CardId AND status = 'revoked'",
                    new { dead.CardId }
                ) == 1,
            because: () => "revocation not in settlement's read models"
        );

        var revoked = await CheckInAsync(
            _terminal,
            CheckInBody(dead, ServiceItems.Bath, _careWorker, At(), Now.AddMinutes(-40))
        );
        var homeless = await VisitAsync(_terminal, elder, ServiceItems.Bath, _careWorker, 40);
        Assert.Multiple(() =>
        {
            Assert.That(
                (revoked.Status, revoked.DeclineCode),
                Is.EqualTo((VisitRules.Refused, DeclineCodes.CardRevoked))
            );
            Assert.That(homeless.CheckInDistanceM, Is.Null);
            Assert.That(homeless.Problems, Is.EqualTo(new[] { VisitRules.NoHomeLocation }));
        });
    }
}
