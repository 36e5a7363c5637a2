using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Jobs;
using LoveCard.Settlement.BackOffice.Supervision;
using LoveCard.Settlement.Tests.Statements;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Supervision;

/// <summary>
/// Each supervision rule fires on a planted case and stays quiet on a clean one next to it. Every
/// rule gets its own day of April 2026 (and its own county), so the scans do not see each other's rows.
/// </summary>
public sealed class Flagging_anomalies
{
    private string _county = "";
    private string _village = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        await StartAsync();
        _county = NewCounty();
        _village = _county + "001";
        await BackOfficeData.AddFundsAsync(_county, _village);
    }

    private static async Task ScanDayAsync(DateTimeOffset day) =>
        await Host.Services.GetRequiredService<AnomalyScanner>().ScanAsync(day, day.AddDays(1), CancellationToken.None);

    private static async Task<List<(string Rule, Guid? Provider, Guid? Card, string Evidence)>> AnomaliesAsync(
        string county
    )
    {
        await using var connection = await OpenAsync();
        return (
            await connection.QueryAsync<(string, Guid?, Guid?, string)>(
                "SELECT rule, provider_id, card_id, evidence::text FROM anomalies WHERE county = @county",
                new { county }
            )
        ).AsList();
    }

    private PurchaseSpec Meal(
        Guid provider,
        Guid card,
        DateTimeOffset at,
        string? terminal = null,
        long listPrice = 1500,
        int quantity = 1
    ) =>
        new(
            provider,
            _county,
            Guid.NewGuid(),
            card,
            _county,
            _village,
            at,
            1000,
            200,
            0,
            300,
            Quantity: quantity,
            TerminalId: terminal,
            ListPriceFen: listPrice
        );

    private static async Task<string> NewCountyWithFundsAsync()
    {
        var county = NewCounty();
        await BackOfficeData.AddFundsAsync(county, county + "001");
        return county;
    }

    [Test]
    public async Task More_meals_a_day_than_a_person_eats()
    {
        var provider = await BackOfficeData.AddProviderAsync(_county);
        var (greedy, normal) = (Guid.NewGuid(), Guid.NewGuid());
        var day = Local(2026, 4, 1, 0);
        for (var i = 0; i < 3; i++)
        {
            await BackOfficeData.BookAsync(Meal(provider, greedy, day.AddHours(7 + i * 5)));
            await BackOfficeData.BookAsync(Meal(provider, normal, day.AddHours(7 + i * 5)));
        }

        await BackOfficeData.BookAsync(Meal(provider, greedy, day.AddHours(21)));
        await ScanDayAsync(day);

        var found = (await AnomaliesAsync(_county)).Where(a => a.Rule == "meals_per_day").ToList();
        Assert.That(found.Select(a => a.Card), Does.Contain(greedy));
        Assert.That(found.Select(a => a.Card), Does.Not.Contain(normal), "three meals is a normal day");
        Assert.That(
            found.Single(a => a.Card == greedy).Evidence,
            Does.Contain("\"meals\": 4").And.Not.Contain("王"),
            "evidence without personal data"
        );
    }

    [Test]
    public async Task The_same_card_at_two_places_too_far_apart_too_quickly()
    {
        var county = await NewCountyWithFundsAsync();
        var hangzhou = await BackOfficeData.AddProviderAsync(county);
        var wenzhou = await BackOfficeData.AddProviderAsync(county);
        var nextDoor = await BackOfficeData.AddProviderAsync(county);
        var tHangzhou = await BackOfficeData.AddTerminalAsync(hangzhou, county, 30.27, 120.15);
        var tWenzhou = await BackOfficeData.AddTerminalAsync(wenzhou, county, 28.00, 120.67);
        var tNextDoor = await BackOfficeData.AddTerminalAsync(nextDoor, county, 30.272, 120.152);
        var day = Local(2026, 4, 2, 0);
        var (traveller, neighbour, slow) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        PurchaseSpec At(Guid provider, string terminal, Guid card, DateTimeOffset at) =>
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
                TerminalId: terminal
            );
        await BackOfficeData.BookAsync(At(hangzhou, tHangzhou, traveller, day.AddHours(11)));
        await BackOfficeData.BookAsync(At(wenzhou, tWenzhou, traveller, day.AddHours(11.5))); // ~255 km in 30 minutes
        await BackOfficeData.BookAsync(At(hangzhou, tHangzhou, neighbour, day.AddHours(11)));
        await BackOfficeData.BookAsync(At(nextDoor, tNextDoor, neighbour, day.AddHours(11.1))); // a few hundred metres
        await BackOfficeData.BookAsync(At(hangzhou, tHangzhou, slow, day.AddHours(6)));
        // 6.5 hours: a bus
        await BackOfficeData.BookAsync(At(wenzhou, tWenzhou, slow, day.AddHours(12) + TimeSpan.FromMinutes(30)));
        await ScanDayAsync(day);

        var found = (await AnomaliesAsync(county)).Where(a => a.Rule == "impossible_travel").ToList();
        Assert.That(found.Select(a => a.Card), Is.EquivalentTo(new[] { traveller }));
        Assert.That(found[0].Provider, Is.EqualTo(wenzhou));
        Assert.That(found[0].Evidence, Does.Contain("distanceKm"));
    }

    [Test]
    public async Task Purchases_after_a_card_was_revoked_for_death()
    {
        var provider = await BackOfficeData.AddProviderAsync(_county);
        var day = Local(2026, 4, 3, 0);
        var (dead, alive) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var connection = await OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO rm_cards (card_id, elder_id, home_county, card_number, status, status_reason, updated_at)
                VALUES (@dead, gen_random_uuid(), @county, 'D' || left(md5(@dead::text), 8), 'revoked', 'death',
                    @revokedAt),
                       (@alive, gen_random_uuid(), @county, 'D' || left(md5(@alive::text), 8), 'revoked', 'death',
                           @revokedLater)
                """,
                new
                {
                    dead,
                    alive,
                    county = _county,
                    revokedAt = day.AddHours(8).UtcDateTime,
                    revokedLater = day.AddHours(20).UtcDateTime,
                }
            );
        }

        await BackOfficeData.BookAsync(Meal(provider, dead, day.AddHours(12)));
        await BackOfficeData.BookAsync(Meal(provider, alive, day.AddHours(12))); // before its revocation
        await ScanDayAsync(day);

        var found = (await AnomaliesAsync(_county)).Where(a => a.Rule == "after_death").ToList();
        Assert.That(found.Select(a => a.Card), Does.Contain(dead));
        Assert.That(found.Select(a => a.Card), Does.Not.Contain(alive));
    }

    [Test]
    public async Task A_provider_whose_prices_sit_at_the_ceiling()
    {
        var county = await NewCountyWithFundsAsync();
        await using (var connection = await OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO rm_price_standards (county, standard_version, effective_from, item_code, name, unit,
                    ceiling_fen)
                VALUES (@county, 1, '2020-01-01', 'meal', '助餐', '份', 1500)
                """,
                new { county }
            );
        }

        var greedy = await BackOfficeData.AddProviderAsync(county);
        var fair = await BackOfficeData.AddProviderAsync(county);
        var day = Local(2026, 4, 4, 0);
        for (var i = 0; i < 20; i++)
        {
            await BackOfficeData.BookAsync(
                new PurchaseSpec(
                    greedy,
                    county,
                    Guid.NewGuid(),
                    Guid.NewGuid(),
                    county,
                    county + "001",
                    day.AddMinutes(600 + i),
                    1000,
                    200,
                    0,
                    300
                )
            );
            await BackOfficeData.BookAsync(
                new PurchaseSpec(
                    fair,
                    county,
                    Guid.NewGuid(),
                    Guid.NewGuid(),
                    county,
                    county + "001",
                    day.AddMinutes(600 + i),
                    800,
                    200,
                    0,
                    200
                )
            );
        }

        await ScanDayAsync(day);
        var found = (await AnomaliesAsync(county)).Where(a => a.Rule == "price_at_ceiling").ToList();
        Assert.That(found.Select(a => a.Provider), Is.EquivalentTo(new[] { greedy }));
    }

    [Test]
    public async Task A_provider_whose_volume_jumps_against_its_own_history()
    {
        var county = await NewCountyWithFundsAsync();
        var jumping = await BackOfficeData.AddProviderAsync(county);
        var steady = await BackOfficeData.AddProviderAsync(county);
        var day = Local(2026, 4, 5, 0);
        await using var connection = await OpenAsync();
        PurchaseSpec Sale(Guid provider, DateTimeOffset at) =>
            new(provider, county, Guid.NewGuid(), Guid.NewGuid(), county, county + "001", at, 500, 0, 0, 500);
        for (var d = 1; d <= 28; d++)
        {
            await BackOfficeData.BookAsync(connection, Sale(jumping, day.AddDays(-d).AddHours(12)));
            for (var i = 0; i < 8; i++)
            {
                await BackOfficeData.BookAsync(connection, Sale(steady, day.AddDays(-d).AddHours(8 + i)));
            }
        }

        for (var i = 0; i < 20; i++)
        {
            await BackOfficeData.BookAsync(connection, Sale(jumping, day.AddHours(8).AddMinutes(i * 20)));
            await BackOfficeData.BookAsync(connection, Sale(steady, day.AddHours(8).AddMinutes(i * 20)));
        }

        await ScanDayAsync(day);
        var found = (await AnomaliesAsync(county)).Where(a => a.Rule == "volume_jump").ToList();
        Assert.That(
            found.Select(a => a.Provider),
            Is.EquivalentTo(new[] { jumping }),
            "20 against 1 a day jumps; 20 against 8 a day does not"
        );
    }

    [Test]
    public async Task Purchases_split_to_dodge_a_cap()
    {
        var provider = await BackOfficeData.AddProviderAsync(_county);
        var day = Local(2026, 4, 6, 0);
        var (splitter, twice) = (Guid.NewGuid(), Guid.NewGuid());
        for (var i = 0; i < 3; i++)
        {
            await BackOfficeData.BookAsync(
                Meal(provider, splitter, day.AddHours(10).AddMinutes(i * 5)) with
                {
                    Item = "cleaning",
                }
            );
        }

        await BackOfficeData.BookAsync(Meal(provider, twice, day.AddHours(10)) with { Item = "cleaning" });
        await BackOfficeData.BookAsync(Meal(provider, twice, day.AddHours(15)) with { Item = "cleaning" });
        await ScanDayAsync(day);

        var found = (await AnomaliesAsync(_county)).Where(a => a.Rule == "split_purchases").ToList();
        Assert.That(found.Select(a => a.Card), Does.Contain(splitter));
        Assert.That(found.Select(a => a.Card), Does.Not.Contain(twice));
    }

    [Test]
    public async Task A_terminal_used_outside_opening_hours()
    {
        var county = await NewCountyWithFundsAsync();
        var provider = await BackOfficeData.AddProviderAsync(county);
        var night = await BackOfficeData.AddTerminalAsync(
            provider,
            county,
            opensAt: new TimeOnly(7, 0),
            closesAt: new TimeOnly(19, 0)
        );
        var day2 = await BackOfficeData.AddTerminalAsync(
            provider,
            county,
            opensAt: new TimeOnly(7, 0),
            closesAt: new TimeOnly(19, 0)
        );
        var day = Local(2026, 4, 7, 0);
        PurchaseSpec Sale(string terminal, DateTimeOffset at) =>
            new(
                provider,
                county,
                Guid.NewGuid(),
                Guid.NewGuid(),
                county,
                county + "001",
                at,
                500,
                0,
                0,
                500,
                TerminalId: terminal
            );
        await BackOfficeData.BookAsync(Sale(night, day.AddHours(22.5)));
        await BackOfficeData.BookAsync(Sale(day2, day.AddHours(12)));
        await BackOfficeData.BookAsync(Sale(day2, day.AddHours(19.1))); // inside the 15-minute grace
        await ScanDayAsync(day);

        var found = (await AnomaliesAsync(county)).Where(a => a.Rule == "outside_hours").ToList();
        Assert.That(found, Has.Count.EqualTo(1));
        Assert.That(found[0].Evidence, Does.Contain(night).And.Contain("22:30"));
    }

    [Test]
    public async Task A_county_threshold_overrides_the_default()
    {
        var county = await NewCountyWithFundsAsync();
        await using (var connection = await OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO rm_county_settings (county, one_card_network, low_fund_alert_days, settings)
                VALUES (@county, true, 7, '{"anomalyThresholds": {"meals_per_day": 1}}')
                """,
                new { county }
            );
        }

        var provider = await BackOfficeData.AddProviderAsync(county);
        var card = Guid.NewGuid();
        var day = Local(2026, 4, 8, 0);
        await BackOfficeData.BookAsync(
            new PurchaseSpec(
                provider,
                county,
                Guid.NewGuid(),
                card,
                county,
                county + "001",
                day.AddHours(8),
                500,
                0,
                0,
                500
            )
        );
        await BackOfficeData.BookAsync(
            new PurchaseSpec(
                provider,
                county,
                Guid.NewGuid(),
                card,
                county,
                county + "001",
                day.AddHours(18),
                500,
                0,
                0,
                500
            )
        );
        await ScanDayAsync(day);
        Assert.That(
            (await AnomaliesAsync(county)).Select(a => a.Rule),
            Does.Contain("meals_per_day"),
            "two meals exceed this county's one"
        );
    }

    [Test]
    public async Task The_periodic_job_raises_each_anomaly_once_through_the_outbox_and_the_bureau_resolves_it()
    {
        var county = await NewCountyWithFundsAsync();
        var provider = await BackOfficeData.AddProviderAsync(county);
        var card = Guid.NewGuid();
        var latest = await ScalarAsync("SELECT extract(epoch FROM max(booked_at))::bigint FROM purchases");
        var start = DateTimeOffset
            .FromUnixTimeSeconds(Math.Max(latest, Clock.GetUtcNow().ToUnixTimeSeconds()))
            .AddMinutes(1);
        for (var i = 0; i < 4; i++)
        {
            await BackOfficeData.BookAsync(
                new PurchaseSpec(
                    provider,
                    county,
                    Guid.NewGuid(),
                    card,
                    county,
                    county + "001",
                    start.AddMinutes(i),
                    500,
                    0,
                    0,
                    500
                )
            );
        }

        var runner = Host.Services.GetRequiredService<JobRunner>();
        await Eventually.AssertAsync(
            async () =>
            {
                await runner.RunNowAsync(AnomalyScanJob.JobName, CancellationToken.None);
                return (await AnomaliesAsync(county)).Any(a => a.Rule == "meals_per_day");
            },
            because: () => "the job raised no meals_per_day anomaly"
        );
        await runner.RunNowAsync(AnomalyScanJob.JobName, CancellationToken.None);
        await Host
            .Services.GetRequiredService<AnomalyScanner>()
            .ScanAsync(start.AddHours(-1), start.AddHours(1), CancellationToken.None);

        Assert.That(
            (await AnomaliesAsync(county)).Count(a => a.Rule == "meals_per_day"),
            Is.EqualTo(1),
            "deduplicated"
        );
        var anomalyId = await ScalarOfAsync<Guid>(
            "SELECT anomaly_id FROM anomalies WHERE county = @county",
            new { county }
        );
        Assert.That(
            await ScalarAsync(
                "SELECT count(*) FROM outbox WHERE aggregate_id = @id AND message_type LIKE '%AnomalyRaised%'",
                new { id = anomalyId.ToString() }
            ),
            Is.EqualTo(1),
            "AnomalyRaised in the outbox, once"
        );

        var auditor = Host.CreateClient(Roles.Auditor, county);
        var list = JsonNode.Parse(
            await auditor.GetStringAsync($"/api/anomalies?county={county}&rule=meals_per_day&status=open")
        )!;
        Assert.That((long)list["total"]!, Is.EqualTo(1));
        Assert.That(
            (
                await Host.CreateClient(Roles.Auditor, NewCounty()).GetAsync($"/api/anomalies?county={county}")
            ).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );
        Assert.That(
            (
                await Host.CreateClient(Roles.Bureau, NewCounty())
                    .PostAsJsonAsync($"/api/anomalies/{anomalyId}/resolve", new { status = "dismissed", note = "x" })
            ).StatusCode,
            Is.EqualTo(HttpStatusCode.NotFound)
        );
        // Auditors read and change nothing (issue 16); deciding is the county bureau's.
        Assert.That(
            (
                await auditor.PostAsJsonAsync(
                    $"/api/anomalies/{anomalyId}/resolve",
                    new { status = "dismissed", note = "x" }
                )
            ).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden)
        );

        var bureau = Host.CreateClient(Roles.Bureau, county);
        var resolved = await bureau.PostAsJsonAsync(
            $"/api/anomalies/{anomalyId}/resolve",
            new { status = "confirmed", note = "staff ate on the card" }
        );
        Assert.That(resolved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(
            (string)JsonNode.Parse(await resolved.Content.ReadAsStringAsync())!["status"]!,
            Is.EqualTo("confirmed")
        );
        var again = await bureau.PostAsJsonAsync(
            $"/api/anomalies/{anomalyId}/resolve",
            new { status = "dismissed", note = "changed my mind" }
        );
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    private static async Task<T> ScalarOfAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}
