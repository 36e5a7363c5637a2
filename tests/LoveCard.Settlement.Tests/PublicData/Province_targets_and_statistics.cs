using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Cards;
using LoveCard.Contracts.Eligibility;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Auth;
using LoveCard.Hosting.Jobs;
using LoveCard.Settlement.Oversight.Province;
using LoveCard.Settlement.Tests.Audit;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Settlement.Tests.PublicData;

/// <summary>
/// ADR 0037: the province's progress against the plan and its public statistics, across counties, match counts
/// made by hand from settlement's data; the province reads every county's anomalies without naming one. The data
/// is planted as production feeds it: eligibility classifies an elder (<see cref="ElderClassified"/>), cards
/// provisions a card awaiting consent (<see cref="CardProvisioned"/>, version 1) and activates it on consent
/// (<see cref="CardActivated"/>, version 2); each card event carries the card's whole state and upserts
/// settlement's <c>rm_cards</c> row.
/// </summary>
public sealed class Province_targets_and_statistics
{
    private ServiceHost _host = null!;
    private IBus _bus = null!;
    private string _county = "";
    private string _uncovered = "";

    [OneTimeSetUp]
    public async Task PlantEldersCardsAndProviders()
    {
        _host = await OversightHost.StartAsync();
        _bus = _host.Services.GetRequiredService<IBus>();
        _county = OversightEvents.NewCounty();
        _uncovered = OversightEvents.NewCounty();
        var cards = new List<(Guid CardId, string Status)>();

        // Three cardholders: classified, provisioned, activated.
        for (var i = 0; i < 3; i++)
        {
            cards.Add((await CardAsync(_county, CardStatuses.Active), CardStatuses.Active));
        }

        // Not cardholders: a card awaiting consent, a suspended one, and a deceased elder's revoked card.
        cards.Add((await CardAsync(_county, null), CardStatuses.PendingConsent));
        cards.Add((await CardAsync(_county, CardStatuses.Suspended), CardStatuses.Suspended));
        cards.Add((await CardAsync(_county, CardStatuses.Revoked), CardStatuses.Revoked));

        // A cardholder in a county with no whitelisted provider: that county is not covered.
        cards.Add((await CardAsync(_uncovered, CardStatuses.Active), CardStatuses.Active));

        // Elders without a card, eligible or not: registered elders all the same.
        for (var i = 0; i < 8; i++)
        {
            await PublishAsync(OversightEvents.Classified(Guid.NewGuid(), _county, i < 6 ? 1 : null, 1));
        }

        await PublishAsync(OversightEvents.Make(typeof(ProviderWhitelisted), _county));
        await PublishAsync(OversightEvents.Make(typeof(CountySettingsChanged), _county));
        await PublishAsync(OversightEvents.CareWorker(Guid.NewGuid(), _county, new DateOnly(2030, 1, 1)));
        await PublishAsync(OversightEvents.CareWorker(Guid.NewGuid(), _county, new DateOnly(2020, 1, 1)));

        await Eventually.AssertAsync(
            async () =>
                await Database.ScalarAsync<long>(
                    "settlement",
                    """
                    SELECT count(*) FROM rm_cards c JOIN unnest(@ids, @statuses) AS e(card_id, status)
                        ON e.card_id = c.card_id AND e.status = c.status
                    """,
                    new
                    {
                        ids = cards.Select(c => c.CardId).ToArray(),
                        statuses = cards.Select(c => c.Status).ToArray(),
                    }
                ) == cards.Count
                && await Database.ScalarAsync<long>(
                    "settlement",
                    "SELECT count(*) FROM elder_deaths WHERE home_county = @_county",
                    new { _county }
                ) == 1
                && await Database.ScalarAsync<long>(
                    "settlement",
                    "SELECT count(*) FROM public_elders WHERE home_county = @_county",
                    new { _county }
                ) == 14
                && await Database.ScalarAsync<long>(
                    "settlement",
                    """
                    SELECT (SELECT count(*) FROM rm_providers WHERE county = @_county)
                         + (SELECT count(*) FROM rm_county_settings WHERE county = @_county AND one_card_network)
                         + (SELECT count(*) FROM public_care_workers WHERE county = @_county)
                    """,
                    new { _county }
                ) == 4,
            TimeSpan.FromSeconds(60),
            () => "the planted elders, cards, provider, settings and care workers did not all reach settlement"
        );
    }

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task The_targets_match_counts_made_directly_from_the_data()
    {
        using var province = _host.CreateClient(Roles.Province, subject: "targets-province");
        using var bureau = _host.CreateClient(Roles.Bureau, _county, subject: "targets-bureau");
        // Other fixtures' events may still be arriving: read the endpoint and count by hand until both agree.
        JsonElement now = default;
        ProvinceFigures expected = null!;
        await Eventually.AssertAsync(
            async () =>
            {
                var page = await province.GetFromJsonAsync<JsonElement>("/api/province/targets");
                now = page.GetProperty("items")[0];
                expected = await HandCountsAsync();
                return Figures(now) == expected;
            },
            TimeSpan.FromSeconds(30),
            () => $"the endpoint said {Figures(now)}, the data {expected}"
        );
        var ours = await OwnCountiesAsync();
        using var refused = await bureau.GetAsync("/api/province/targets");
        var job = _host.Services.GetServices<IScheduledJob>().OfType<ProvinceTargetJob>().Single();
        await job.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var recorded = await Database.ScalarAsync<long>(
            "settlement",
            "SELECT cardholders FROM province_target_months WHERE month = @month",
            new { month = now.GetProperty("month").GetString() }
        );

        Assert.Multiple(() =>
        {
            Assert.That(Figures(now), Is.EqualTo(expected));
            Assert.That(now.GetProperty("final").GetBoolean(), Is.False);
            Assert.That(now.GetProperty("cardholders").GetInt64(), Is.GreaterThanOrEqualTo(4));
            Assert.That(now.GetProperty("cardholdersTarget").GetInt64(), Is.EqualTo(2_000_000));
            Assert.That(now.GetProperty("counties").GetInt32(), Is.GreaterThanOrEqualTo(90));
            Assert.That(now.GetProperty("careWorkersTargetPer10000").GetInt32(), Is.EqualTo(25));
            Assert.That(ours.Cardholders, Is.EqualTo(3), "active cards of living elders in the county");
            Assert.That(ours.Covered, Is.True, "a cardholder and a whitelisted provider");
            Assert.That(ours.UncoveredCovered, Is.False, "a cardholder but no whitelisted provider");
            Assert.That(ours.RegisteredElders, Is.EqualTo(13), "every classified elder but the deceased");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(recorded, Is.EqualTo(expected.Cardholders));
        });
    }

    [Test]
    public async Task The_public_province_statistics_sum_the_counties()
    {
        using var anonymous = _host.CreateClient();
        var stats = await anonymous.GetFromJsonAsync<JsonElement>("/api/public/province");
        var eligible = await Database.ScalarAsync<long>(
            "settlement",
            "SELECT count(*) FROM public_elders WHERE eligible AND category IS NOT NULL"
        );

        Assert.Multiple(() =>
        {
            Assert.That(stats.GetProperty("county").GetString(), Is.EqualTo("330000"));
            Assert.That(
                stats.GetProperty("cardholders").GetProperty("total").GetString(),
                Is.EqualTo(eligible.ToString(System.Globalization.CultureInfo.InvariantCulture))
            );
        });
    }

    [Test]
    public async Task The_province_reads_every_countys_anomalies_without_naming_one()
    {
        using var province = _host.CreateClient(Roles.Province, subject: "anomalies-province");
        using var bureau = _host.CreateClient(Roles.Bureau, _county, subject: "anomalies-bureau");
        using var all = await province.GetAsync("/api/anomalies");
        var total = await Database.ScalarAsync<long>("settlement", "SELECT count(*) FROM anomalies");
        var page = await all.Content.ReadFromJsonAsync<JsonElement>();
        using var withoutCounty = await bureau.GetAsync("/api/anomalies");

        Assert.Multiple(() =>
        {
            Assert.That(all.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.GetProperty("total").GetInt64(), Is.EqualTo(total));
            Assert.That(withoutCounty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    /// <summary>One elder as production makes them: classified eligible, a card provisioned awaiting consent, then
    /// (unless <paramref name="status"/> is null) activated on consent and, for a suspended or revoked card, one
    /// more change; a revoked card is a death's (the elder's death recorded first).</summary>
    private async Task<Guid> CardAsync(string county, string? status)
    {
        var elderId = Guid.NewGuid();
        var cardId = Guid.NewGuid();
        var number = "A" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        await PublishAsync(OversightEvents.Classified(elderId, county, 1, 1));
        await PublishAsync(Card<CardProvisioned>(cardId, elderId, county, number, 1, CardStatuses.PendingConsent));
        if (status is null)
        {
            return cardId;
        }

        await PublishAsync(Card<CardActivated>(cardId, elderId, county, number, 2, CardStatuses.Active));
        if (status == CardStatuses.Suspended)
        {
            await PublishAsync(
                Card<CardSuspended>(cardId, elderId, county, number, 3, status) with
                {
                    StatusReason = "lost",
                }
            );
        }
        else if (status == CardStatuses.Revoked)
        {
            var died = (ElderDied)OversightEvents.Make(typeof(ElderDied), county) with { ElderId = elderId };
            await PublishAsync(died with { AggregateId = $"elder-death:{elderId}" });
            await PublishAsync(
                Card<CardRevoked>(cardId, elderId, county, number, 3, status) with
                {
                    StatusReason = "deceased",
                }
            );
        }

        return cardId;
    }

    private static T Card<T>(Guid cardId, Guid elderId, string county, string number, long version, string status)
        where T : CardEvent =>
        (T)(
            ((CardEvent)Activator.CreateInstance(typeof(T), true)!) with
            {
                AggregateId = cardId.ToString(),
                AggregateVersion = version,
                Actor = OversightEvents.Clerk,
                Reason = "test",
                OccurredAt = OversightEvents.Now,
                CardId = cardId,
                ElderId = elderId,
                HomeCounty = county,
                CardNumber = number,
                Status = status,
                Modules = ["elder"],
            }
        );

    private Task PublishAsync(IntegrationEvent message) => OversightEvents.PublishAsync(_bus, message, Guid.NewGuid());

    private static ProvinceFigures Figures(JsonElement month) =>
        month.ValueKind != JsonValueKind.Object
            ? new ProvinceFigures(-1, -1, -1, -1, -1, -1)
            : new ProvinceFigures(
                month.GetProperty("cardholders").GetInt64(),
                month.GetProperty("countiesCovered").GetInt32(),
                month.GetProperty("counties").GetInt32(),
                month.GetProperty("certifiedCareWorkers").GetInt64(),
                month.GetProperty("registeredElders").GetInt64(),
                month.GetProperty("oneCardCounties").GetInt32()
            );

    /// <summary>The plan's measures counted directly from the tables, written apart from the store's query.</summary>
    private static async Task<ProvinceFigures> HandCountsAsync()
    {
        await using var connection = await Database.OpenAsync("settlement");
        async Task<long> Count(string sql) => await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, sql);
        const string living = "elder_id NOT IN (SELECT elder_id FROM elder_deaths)";
        const string holding = $"status = 'active' AND {living}";
        const string open = "(SELECT code FROM county_register WHERE abolished_on IS NULL)";
        return new ProvinceFigures(
            await Count($"SELECT count(DISTINCT elder_id) FROM rm_cards WHERE {holding}"),
            (int)
                await Count(
                    $"SELECT count(DISTINCT home_county) FROM rm_cards WHERE {holding} AND home_county IN {open} "
                        + "AND home_county IN (SELECT county FROM rm_providers WHERE status = 'whitelisted')"
                ),
            (int)await Count($"SELECT count(*) FROM {open} AS r"),
            await Count(
                "SELECT count(*) FROM public_care_workers WHERE certificate_valid_until >= "
                    + "(now() AT TIME ZONE 'Asia/Shanghai')::date"
            ),
            await Count($"SELECT count(*) FROM public_elders WHERE {living}"),
            (int)await Count($"SELECT count(*) FROM rm_county_settings WHERE one_card_network AND county IN {open}")
        );
    }

    private async Task<(
        long Cardholders,
        bool Covered,
        bool UncoveredCovered,
        long RegisteredElders
    )> OwnCountiesAsync()
    {
        await using var connection = await Database.OpenAsync("settlement");
        var row = await Dapper.SqlMapper.QuerySingleAsync<(long, long, long, long)>(
            connection,
            """
            SELECT (SELECT count(*) FROM rm_cards WHERE home_county = @county AND status = 'active'
                       AND elder_id NOT IN (SELECT elder_id FROM elder_deaths)),
                   (SELECT count(*) FROM rm_providers WHERE county = @county AND status = 'whitelisted'),
                   (SELECT count(*) FROM rm_providers WHERE county = @uncovered AND status = 'whitelisted'),
                   (SELECT count(*) FROM public_elders WHERE home_county = @county
                       AND elder_id NOT IN (SELECT elder_id FROM elder_deaths))
            """,
            new { county = _county, uncovered = _uncovered }
        );
        return (row.Item1, row.Item1 > 0 && row.Item2 > 0, row.Item3 > 0, row.Item4);
    }
}
