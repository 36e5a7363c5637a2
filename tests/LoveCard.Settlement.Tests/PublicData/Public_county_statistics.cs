using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Settlement.Oversight.PublicData;
using LoveCard.Settlement.Tests.Audit;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LoveCard.Settlement.Tests.PublicData;

/// <summary>
/// 数据晾晒 end to end: events of a made-up county go through the real broker into the projections,
/// and the anonymous endpoint answers the hand counts, with small counts suppressed.
/// </summary>
public sealed class Public_county_statistics
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private ServiceHost _host = null!;
    private IBus _bus = null!;
    private readonly List<Guid> _messageIds = [];
    private readonly List<Guid> _elderIds = [];
    private string _county = "";
    private string _elsewhere = "";

    [OneTimeSetUp]
    public async Task PlantACounty()
    {
        _host = await OversightHost.StartAsync();
        _bus = _host.Services.GetRequiredService<IBus>();
        _county = OversightEvents.NewCounty();
        _elsewhere = OversightEvents.NewCounty();

        // Cardholders: 13 in category 1 (one reclassified 3 -> 1), 4 in category 2 (one whose older
        // category-3 result arrives late), 12 in category 3 (one delivered twice), 2 not eligible.
        for (var i = 0; i < 12; i++)
        {
            await ClassifyAsync(Guid.NewGuid(), 1, 1);
        }

        var moved = Guid.NewGuid();
        await ClassifyAsync(moved, 3, 1);
        await ClassifyAsync(moved, 1, 2);
        for (var i = 0; i < 3; i++)
        {
            await ClassifyAsync(Guid.NewGuid(), 2, 1);
        }

        var late = Guid.NewGuid();
        await ClassifyAsync(late, 2, 3);
        await ClassifyAsync(late, 3, 2);
        for (var i = 0; i < 11; i++)
        {
            await ClassifyAsync(Guid.NewGuid(), 3, 1);
        }

        await ClassifyAsync(Guid.NewGuid(), null, 1);
        await ClassifyAsync(Guid.NewGuid(), null, 1);
        // The same message delivered twice.
        var twice = OversightEvents.Classified(Guid.NewGuid(), _county, 3, 1);
        _elderIds.Add(twice.ElderId);
        var twiceId = Guid.NewGuid();
        await OversightEvents.PublishAsync(_bus, twice, twiceId);
        await OversightEvents.PublishAsync(_bus, twice, twiceId);
        _messageIds.Add(twiceId);

        // Providers: 10 whitelisted, 2 suspended (one after being whitelisted), 1 exited.
        var providers = Enumerable.Range(0, 11).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in providers)
        {
            await PublishAsync(ProviderEventOf<ProviderWhitelisted>(id, ProviderStatuses.Whitelisted, 1));
        }

        await PublishAsync(ProviderEventOf<ProviderSuspended>(providers[0], ProviderStatuses.Suspended, 2));
        await PublishAsync(ProviderEventOf<ProviderSuspended>(Guid.NewGuid(), ProviderStatuses.Suspended, 1));
        await PublishAsync(ProviderEventOf<ProviderExited>(Guid.NewGuid(), ProviderStatuses.Exited, 1));

        // Care workers: 10 certified, 1 whose certificate has run out.
        for (var i = 0; i < 10; i++)
        {
            await PublishAsync(OversightEvents.CareWorker(Guid.NewGuid(), _county, new DateOnly(2099, 12, 31)));
        }

        await PublishAsync(OversightEvents.CareWorker(Guid.NewGuid(), _county, new DateOnly(2020, 1, 1)));

        // March 2025 (Asia/Shanghai) at this county's providers: 11 meals and 10 cleanings by its own
        // elders, 3 baths by elders of another county; one meal voided; one meal in April.
        var march = new DateTimeOffset(2025, 3, 10, 12, 0, 0, Shanghai);
        var meals = new List<Guid>();
        for (var i = 0; i < 11; i++)
        {
            var id = Guid.NewGuid();
            meals.Add(id);
            var bookedAt = i == 0 ? new DateTimeOffset(2025, 3, 31, 23, 30, 0, Shanghai) : march;
            await PublishAsync(OversightEvents.Purchase(id, _county, _county, "meal", 1000, 800, 150, 50, 0, bookedAt));
        }

        for (var i = 0; i < 10; i++)
        {
            await PublishAsync(
                OversightEvents.Purchase(Guid.NewGuid(), _county, _county, "cleaning", 2000, 1600, 300, 100, 0, march)
            );
        }

        for (var i = 0; i < 3; i++)
        {
            await PublishAsync(
                OversightEvents.Purchase(Guid.NewGuid(), _county, _elsewhere, "bath", 3000, 900, 600, 0, 1500, march)
            );
        }

        // 00:30 on 1 April in Shanghai is still 31 March in UTC: it belongs to April.
        await PublishAsync(
            OversightEvents.Purchase(
                Guid.NewGuid(),
                _county,
                _county,
                "meal",
                1000,
                800,
                150,
                50,
                0,
                new DateTimeOffset(2025, 4, 1, 0, 30, 0, Shanghai)
            )
        );
        await PublishAsync(
            OversightEvents.Reversal(
                meals[1],
                1000,
                800,
                150,
                50,
                0,
                new DateTimeOffset(2025, 3, 20, 9, 0, 0, Shanghai)
            )
        );
        // A purchase published again under a new MessageId must not count twice either.
        await PublishAsync(OversightEvents.Purchase(meals[2], _county, _county, "meal", 1000, 800, 150, 50, 0, march));

        var ids = _messageIds.Distinct().ToArray();
        await Eventually.AssertAsync(
            async () =>
                await Database.ScalarAsync<long>(
                    _host.Schema,
                    "SELECT count(DISTINCT message_id) FROM inbox WHERE message_id = ANY(@ids) AND consumer LIKE "
                        + "'%PublicStatsConsumer'",
                    new { ids }
                ) == ids.Length,
            TimeSpan.FromSeconds(60),
            () => "not every planted event reached the public statistics"
        );
    }

    [OneTimeTearDown]
    public async Task StopService() => await _host.DisposeAsync();

    [Test]
    public async Task Anyone_may_read_them_without_a_token()
    {
        using var anonymous = _host.CreateClient();
        var response = await anonymous.GetAsync($"/api/public/counties/{_county}/stats?month=2025-03");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Count_cardholders_by_their_latest_category_with_small_counts_suppressed()
    {
        var stats = await StatsAsync(_county, "2025-03");
        Assert.That(stats.Cardholders.Total, Is.EqualTo("29"));
        Assert.That(
            stats.Cardholders.ByCategory,
            Is.EqualTo(
                new[]
                {
                    new CategoryCount(1, "13"),
                    new CategoryCount(2, "<10"),
                    new CategoryCount(3, "<10"), // 12 really: hidden too, or 29 - 13 would give category 2 away
                }
            )
        );
    }

    [Test]
    public async Task Sum_the_months_purchases_at_the_countys_providers_by_item_and_source()
    {
        var p = (await StatsAsync(_county, "2025-03")).PurchasesAtCountyProviders;
        Assert.That(p.Purchases, Is.EqualTo("24"));
        Assert.That(p.Reversals, Is.EqualTo("<10"));
        Assert.That(
            p.Amounts,
            Is.EqualTo(
                new AmountsFen(
                    PriceFen: 39000,
                    SubsidyFen: 34500,
                    FiscalFen: 26700,
                    CollectiveFen: 6300,
                    CharityFen: 1500,
                    FamilyFen: 4500
                )
            )
        );
        Assert.That(
            p.ByItem,
            Is.EqualTo(
                new[]
                {
                    new ItemStats("bath", "<10", "<10", null),
                    // 10 really: hidden so the 3 baths cannot be worked out
                    new ItemStats("cleaning", "<10", "<10", null),
                    new ItemStats("meal", "11", "<10", new AmountsFen(10000, 10000, 8000, 1500, 500, 0)),
                }
            )
        );
    }

    [Test]
    public async Task Sum_the_purchases_of_the_countys_own_elders_separately()
    {
        var mine = (await StatsAsync(_county, "2025-03")).PurchasesByCountyElders;
        Assert.That(mine.Purchases, Is.EqualTo("21"));
        Assert.That(mine.Amounts, Is.EqualTo(new AmountsFen(30000, 30000, 24000, 4500, 1500, 0)));
        Assert.That(
            mine.ByItem.Select(i => (i.Item, i.Purchases)),
            Is.EqualTo(new[] { ("cleaning", "10"), ("meal", "11") })
        );

        var theirs = (await StatsAsync(_elsewhere, "2025-03")).PurchasesByCountyElders;
        Assert.That(theirs.Purchases, Is.EqualTo("<10"));
        Assert.That(theirs.Amounts, Is.Null, "3 baths are too few to publish their money");
        Assert.That(theirs.ByItem.Single().Amounts, Is.Null);
    }

    [Test]
    public async Task Count_a_purchase_in_the_Shanghai_month_of_its_booking()
    {
        var april = (await StatsAsync(_county, "2025-04")).PurchasesAtCountyProviders;
        Assert.That(april.Purchases, Is.EqualTo("<10"));
        Assert.That(april.ByItem.Select(i => i.Item), Is.EqualTo(new[] { "meal" }));
        Assert.That((await StatsAsync(_county, "2025-02")).PurchasesAtCountyProviders.ByItem, Is.Empty);
    }

    [Test]
    public async Task Count_providers_by_status_and_care_workers_against_the_target()
    {
        var stats = await StatsAsync(_county, "2025-03");
        Assert.That(stats.Providers.Total, Is.EqualTo("13"));
        Assert.That(
            stats.Providers.ByStatus,
            Is.EqualTo(
                new[]
                {
                    new StatusCount(ProviderStatuses.Exited, "<10"),
                    new StatusCount(ProviderStatuses.Suspended, "<10"),
                    new StatusCount(ProviderStatuses.Whitelisted, "10"),
                }
            )
        );
        Assert.That(stats.CareWorkers.Certified, Is.EqualTo("10"));
        Assert.That(stats.CareWorkers.EligibleElders, Is.EqualTo("29"));
        Assert.That(stats.CareWorkers.Per10000Elders, Is.EqualTo(3448.3m)); // 10 x 10000 / 29
        Assert.That(stats.CareWorkers.Target, Is.EqualTo(25));
        Assert.That(stats.CareWorkers.MeetsTarget, Is.True);
    }

    [Test]
    public async Task Contain_no_names_ids_or_card_numbers()
    {
        using var anonymous = _host.CreateClient();
        var body = await anonymous.GetStringAsync($"/api/public/counties/{_county}/stats?month=2025-03");
        Assert.That(
            body,
            Does.Not.Contain("王").And.Not.Contain("*华").And.Not.Contain("S99887766").And.Not.Contain("Happy Canteen")
        );
        Assert.That(_elderIds.Where(id => body.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase)), Is.Empty);
    }

    [TestCase("2025-13", "month", "invalid_month")]
    [TestCase("March", "month", "invalid_month")]
    public async Task Refuse_a_bad_month_naming_the_field(string month, string field, string code)
    {
        using var anonymous = _host.CreateClient();
        var response = await anonymous.GetAsync($"/api/public/counties/{_county}/stats?month={month}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo(field));
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo(code));
    }

    [Test]
    public async Task Refuse_a_county_that_is_not_a_division_code()
    {
        using var anonymous = _host.CreateClient();
        var response = await anonymous.GetAsync("/api/public/counties/abc/stats");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("invalid_county"));
    }

    private async Task<CountyStats> StatsAsync(string county, string month)
    {
        using var anonymous = _host.CreateClient();
        return (
            await anonymous.GetFromJsonAsync<CountyStats>($"/api/public/counties/{county}/stats?month={month}", Json)
        )!;
    }

    private async Task ClassifyAsync(Guid elderId, int? category, long version)
    {
        _elderIds.Add(elderId);
        await PublishAsync(OversightEvents.Classified(elderId, _county, category, version));
    }

    private async Task PublishAsync(IntegrationEvent message)
    {
        var id = Guid.NewGuid();
        _messageIds.Add(id);
        await OversightEvents.PublishAsync(_bus, message, id);
    }

    private ProviderEvent ProviderEventOf<T>(Guid id, string status, long version)
        where T : ProviderEvent =>
        ((ProviderEvent)OversightEvents.Make(typeof(T), _county)) with
        {
            AggregateId = id.ToString(),
            ProviderId = id,
            Status = status,
            AggregateVersion = version,
        };
}
