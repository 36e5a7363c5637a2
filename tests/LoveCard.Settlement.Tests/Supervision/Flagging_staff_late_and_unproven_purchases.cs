using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.Auth;
using LoveCard.Settlement.BackOffice.Supervision;
using LoveCard.Settlement.Tests.Statements;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Supervision;

/// <summary>
/// The rules for staff eating on elders' cards (<c>card_burst</c>), purchases reported long after they
/// happened (<c>late_report</c>) and home services without proof of the visit (<c>no_visit_proof</c>):
/// each fires on a planted case and not on the clean one next to it. Every test has its own county,
/// terminals and day of April 2026 (the 11th to the 18th), so the scans do not see each other's rows.
/// </summary>
public sealed class Flagging_staff_late_and_unproven_purchases
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    private static async Task<string> NewCountyWithFundsAsync()
    {
        var county = NewCounty();
        await BackOfficeData.AddFundsAsync(county, county + "001");
        return county;
    }

    private static PurchaseSpec Sale(
        string county,
        Guid provider,
        string terminal,
        Guid card,
        DateTimeOffset at,
        string item = "meal"
    ) =>
        new(
            provider,
            county,
            Guid.NewGuid(),
            card,
            county,
            county + "001",
            at,
            500,
            0,
            0,
            500,
            Item: item,
            TerminalId: terminal
        );

    private static async Task ScanDayAsync(DateTimeOffset day) =>
        await Host.Services.GetRequiredService<AnomalyScanner>().ScanAsync(day, day.AddDays(1), CancellationToken.None);

    private static async Task<List<(Guid? Provider, Guid? Purchase, string Evidence)>> AnomaliesAsync(
        string county,
        string rule
    )
    {
        await using var connection = await OpenAsync();
        return (
            await connection.QueryAsync<(Guid?, Guid?, string)>(
                "SELECT provider_id, purchase_id, evidence::text FROM anomalies WHERE county = @county AND rule = "
                    + "@rule",
                new { county, rule }
            )
        ).AsList();
    }

    private static async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = await OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    [Test]
    public async Task Many_cards_in_a_burst_at_one_counter_name_the_cards_never_used_elsewhere()
    {
        var county = await NewCountyWithFundsAsync();
        var canteen = await BackOfficeData.AddProviderAsync(county);
        var elsewhere = await BackOfficeData.AddProviderAsync(county);
        var counter = await BackOfficeData.AddTerminalAsync(canteen, county);
        var queue = await BackOfficeData.AddTerminalAsync(canteen, county);
        var other = await BackOfficeData.AddTerminalAsync(elsewhere, county);
        var rush = await BackOfficeData.AddTerminalAsync(canteen, county);
        var day = Local(2026, 4, 11, 0);
        var cards = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < cards.Length; i++)
        {
            // Ten cards in 90 seconds at one counter: a stack of cards swiped, not a queue of elders.
            await BackOfficeData.BookAsync(
                Sale(county, canteen, counter, cards[i], day.AddHours(11).AddSeconds(i * 10))
            );
        }

        foreach (var card in cards.Take(4))
        {
            await BackOfficeData.BookAsync(Sale(county, elsewhere, other, card, day.AddDays(-3).AddHours(12)));
        }

        for (var i = 0; i < 10; i++)
        {
            // The same number of cards over an hour and a half at the other counter: the lunch queue.
            await BackOfficeData.BookAsync(
                Sale(county, canteen, queue, Guid.NewGuid(), day.AddHours(11).AddMinutes(i * 10))
            );
        }

        var regulars = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < regulars.Length; i++)
        {
            // A rush of ten elders who all also eat elsewhere: a burst, but not of cards kept behind the counter.
            await BackOfficeData.BookAsync(Sale(county, elsewhere, other, regulars[i], day.AddDays(-2).AddHours(12)));
            await BackOfficeData.BookAsync(
                Sale(county, canteen, rush, regulars[i], day.AddHours(12).AddSeconds(i * 10))
            );
        }

        await ScanDayAsync(day);
        var found = await AnomaliesAsync(county, AnomalyRules.CardBurst);
        Assert.That(
            found,
            Has.Count.EqualTo(1),
            "one burst, at the counter only: not the queue, not the rush of regulars"
        );
        var evidence = JsonNode.Parse(found[0].Evidence)!;
        Assert.Multiple(() =>
        {
            Assert.That(found[0].Provider, Is.EqualTo(canteen));
            Assert.That((string)evidence["terminalId"]!, Is.EqualTo(counter));
            Assert.That((int)evidence["cards"]!, Is.EqualTo(10));
            Assert.That(
                evidence["cardsNeverElsewhere"]!.AsArray().Select(c => (Guid)c!),
                Is.EquivalentTo(cards.Skip(4)),
                "the six cards never seen at another provider"
            );
        });

        var auditor = Host.CreateClient(Roles.Auditor, county);
        var listed = JsonNode.Parse(await auditor.GetStringAsync($"/api/anomalies?county={county}&rule=card_burst"))!;
        Assert.That((long)listed["total"]!, Is.EqualTo(1), "auditors filter by the new rule");
        var resolved = await Host.CreateClient(Roles.Bureau, county)
            .PostAsJsonAsync(
                $"/api/anomalies/{listed["items"]![0]!["anomalyId"]}/resolve",
                new { status = "dismissed", note = "a group outing, checked" }
            );
        Assert.That(resolved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Purchases_reported_long_after_they_happened()
    {
        var county = await NewCountyWithFundsAsync();
        var provider = await BackOfficeData.AddProviderAsync(county);
        var (lagging, prompt) = (
            await BackOfficeData.AddTerminalAsync(provider, county),
            await BackOfficeData.AddTerminalAsync(provider, county)
        );
        var day = Local(2026, 4, 12, 0);
        var late = await BackOfficeData.BookAsync(Sale(county, provider, lagging, Guid.NewGuid(), day.AddHours(15)));
        var slightlyLate = await BackOfficeData.BookAsync(
            Sale(county, provider, prompt, Guid.NewGuid(), day.AddHours(15))
        );
        await ExecuteAsync(
            "UPDATE purchases SET occurred_at = booked_at - interval '3 hours' WHERE purchase_id = @late",
            new { late }
        );
        await ExecuteAsync(
            "UPDATE purchases SET occurred_at = booked_at - interval '40 minutes' WHERE purchase_id = @slightlyLate",
            new { slightlyLate }
        );

        await ScanDayAsync(day);
        var found = await AnomaliesAsync(county, AnomalyRules.LateReport);
        Assert.That(
            found.Select(f => f.Purchase),
            Is.EquivalentTo(new Guid?[] { late }),
            "three hours late, not forty minutes"
        );
        var evidence = JsonNode.Parse(found[0].Evidence)!;
        Assert.That(evidence["terminalIds"]!.AsArray().Select(x => (string)x!), Is.EqualTo(new[] { lagging }));
        Assert.That((decimal)evidence["maxLagMinutes"]!, Is.EqualTo(180m));
        Assert.That((long)evidence["thresholdMinutes"]!, Is.EqualTo(AnomalyRules.Defaults["late_report_minutes"]));
    }

    [Test]
    public async Task Home_services_without_the_care_worker_or_the_place_of_the_visit()
    {
        var county = await NewCountyWithFundsAsync();
        var (careless, careful, canteen) = (
            await BackOfficeData.AddProviderAsync(county),
            await BackOfficeData.AddProviderAsync(county),
            await BackOfficeData.AddProviderAsync(county)
        );
        var handheld = await BackOfficeData.AddTerminalAsync(careless, county);
        var proper = await BackOfficeData.AddTerminalAsync(careful, county);
        var counter = await BackOfficeData.AddTerminalAsync(canteen, county);
        var day = Local(2026, 4, 13, 0);
        var noWorker = await BackOfficeData.BookAsync(
            Sale(county, careless, handheld, Guid.NewGuid(), day.AddHours(9), "cleaning") with
            {
                Lat = 30.27,
                Lon = 120.15,
            }
        );
        var nothing = await BackOfficeData.BookAsync(
            Sale(county, careless, handheld, Guid.NewGuid(), day.AddHours(10), "bath")
        );
        var proven = await BackOfficeData.BookAsync(
            Sale(county, careful, proper, Guid.NewGuid(), day.AddHours(9), "mobility") with
            {
                Lat = 30.27,
                Lon = 120.15,
            }
        );
        // a meal at a counter needs no visit proof
        await BackOfficeData.BookAsync(Sale(county, canteen, counter, Guid.NewGuid(), day.AddHours(12)));
        await ExecuteAsync(
            "UPDATE purchases SET care_worker_id = 'CW-' || left(purchase_id::text, 8) WHERE purchase_id = @proven",
            new { proven }
        );

        await ScanDayAsync(day);
        var found = await AnomaliesAsync(county, AnomalyRules.NoVisitProof);
        Assert.That(found.Select(f => f.Provider), Is.EquivalentTo(new Guid?[] { careless }));
        var evidence = JsonNode.Parse(found[0].Evidence)!;
        Assert.That((int)evidence["unproven"]!, Is.EqualTo(2));
        var missing = evidence["purchases"]!
            .AsArray()
            .ToDictionary(
                p => (Guid)p!["purchaseId"]!,
                p => p!["missing"]!.AsArray().Select(m => (string)m!).ToArray()
            );
        Assert.That(missing[noWorker], Is.EqualTo(new[] { "careWorkerId" }));
        Assert.That(missing[nothing], Is.EqualTo(new[] { "careWorkerId", "location" }));
    }

    [Test]
    public async Task A_county_threshold_overrides_the_defaults_of_the_new_rules()
    {
        var county = await NewCountyWithFundsAsync();
        await ExecuteAsync(
            """
            INSERT INTO rm_county_settings (county, one_card_network, low_fund_alert_days, settings)
            VALUES (@county, true, 7,
                '{"anomalyThresholds": {"card_burst_cards": 3, "late_report_minutes": 30, "no_visit_proof_count": 2}}')
            """,
            new { county }
        );
        var provider = await BackOfficeData.AddProviderAsync(county);
        var terminal = await BackOfficeData.AddTerminalAsync(provider, county);
        var day = Local(2026, 4, 14, 0);
        for (var i = 0; i < 3; i++)
        {
            await BackOfficeData.BookAsync(
                Sale(county, provider, terminal, Guid.NewGuid(), day.AddHours(11).AddSeconds(i * 20))
            );
        }

        var late = await BackOfficeData.BookAsync(Sale(county, provider, terminal, Guid.NewGuid(), day.AddHours(16)));
        await ExecuteAsync(
            "UPDATE purchases SET occurred_at = booked_at - interval '45 minutes' WHERE purchase_id = @late",
            new { late }
        );
        // one unproven visit: under this county's 2
        await BackOfficeData.BookAsync(Sale(county, provider, terminal, Guid.NewGuid(), day.AddHours(17), "cleaning"));

        await ScanDayAsync(day);
        Assert.That(
            await AnomaliesAsync(county, AnomalyRules.CardBurst),
            Has.Count.EqualTo(1),
            "three cards are a burst in this county"
        );
        Assert.That(
            await AnomaliesAsync(county, AnomalyRules.LateReport),
            Has.Count.EqualTo(1),
            "45 minutes is late in this county"
        );
        Assert.That(
            await AnomaliesAsync(county, AnomalyRules.NoVisitProof),
            Is.Empty,
            "this county flags two unproven visits a day, not one"
        );
    }

    [Test]
    public void Every_rule_has_credit_points_and_a_threshold_default()
    {
        Assert.That(AnomalyRules.CreditPoints.Keys, Is.EquivalentTo(AnomalyRules.All));
        foreach (
            var rule in new[]
            {
                AnomalyRules.DuringAbsence,
                AnomalyRules.CardBurst,
                AnomalyRules.LateReport,
                AnomalyRules.NoVisitProof,
            }
        )
        {
            Assert.That(
                AnomalyRules.Defaults.Keys.Any(k => k.StartsWith(rule, StringComparison.Ordinal)),
                Is.True,
                $"{rule} has a default threshold"
            );
        }
    }
}
