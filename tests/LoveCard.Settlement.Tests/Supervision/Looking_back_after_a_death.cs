using System.Text.Json.Nodes;
using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Eligibility;
using LoveCard.Settlement.BackOffice.Supervision;
using LoveCard.Settlement.Tests.Statements;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Supervision;

/// <summary>
/// A death recorded a week late (DOMAIN.md §8 "Death"): settlement goes by the date of death, not by when it
/// heard of it, and lists every purchase booked on or after that day in one <c>after_death</c> anomaly per
/// provider. Days in May 2026, one county for the fixture.
/// </summary>
public sealed class Looking_back_after_a_death
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

    private PurchaseSpec Meal(Guid provider, Guid elder, Guid card, DateTimeOffset at) =>
        new(provider, _county, elder, card, _county, _village, at, 1000, 200, 0, 300);

    private ElderDied Died(Guid elder, DateOnly date, DateTimeOffset recordedAt) =>
        new()
        {
            AggregateId = $"elder-death:{elder}",
            AggregateVersion = 1,
            Actor = new Actor(ActorKinds.User, "bureau-clerk"),
            Reason = "death certificate",
            OccurredAt = recordedAt,
            ElderId = elder,
            HomeCounty = _county,
            VillageCode = _village,
            DateOfDeath = date,
        };

    private async Task<List<(Guid? Provider, string Evidence)>> AfterDeathAsync()
    {
        await using var connection = await OpenAsync();
        return (
            await connection.QueryAsync<(Guid?, string)>(
                "SELECT provider_id, evidence::text FROM anomalies WHERE county = @county AND rule = 'after_death'",
                new { county = _county }
            )
        ).AsList();
    }

    private static Guid[] Listed(string evidence) =>
        JsonNode.Parse(evidence)!["purchaseIds"]!.AsArray().Select(p => (Guid)p!).ToArray();

    [Test]
    public async Task Finds_a_purchase_booked_the_day_after_a_death_recorded_a_week_later()
    {
        var canteen = await BackOfficeData.AddProviderAsync(_county);
        var cleaner = await BackOfficeData.AddProviderAsync(_county);
        var (elder, card, neighbour) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var death = new DateOnly(2026, 5, 10);
        var dayBefore = await BackOfficeData.BookAsync(Meal(canteen, elder, card, Local(2026, 5, 9, 12)));
        var sameDay = await BackOfficeData.BookAsync(Meal(canteen, elder, card, Local(2026, 5, 10, 18)));
        var dayAfter = await BackOfficeData.BookAsync(Meal(canteen, elder, card, Local(2026, 5, 11, 12)));
        var cleaning = await BackOfficeData.BookAsync(
            Meal(cleaner, elder, card, Local(2026, 5, 12, 9)) with
            {
                Item = "cleaning",
            }
        );
        await BackOfficeData.BookAsync(Meal(canteen, neighbour, Guid.NewGuid(), Local(2026, 5, 11, 12)));

        await Host.Services.GetRequiredService<IBus>().Publish(Died(elder, death, Local(2026, 5, 17, 9)));
        async Task<List<(Guid? Provider, string Evidence)>> OursAsync() =>
            (await AfterDeathAsync()).Where(f => f.Provider == canteen || f.Provider == cleaner).ToList();
        var found = await Testing.Eventually.ValueAsync(OursAsync, f => f.Count >= 2, what: "after_death anomalies");

        Assert.That(
            found.Select(f => f.Provider),
            Is.EquivalentTo(new Guid?[] { canteen, cleaner }),
            "one per provider"
        );
        var atCanteen = Listed(found.Single(f => f.Provider == canteen).Evidence);
        Assert.That(
            atCanteen,
            Is.EquivalentTo(new[] { sameDay, dayAfter }),
            $"not the meal of the day before ({dayBefore})"
        );
        Assert.That(Listed(found.Single(f => f.Provider == cleaner).Evidence), Is.EqualTo(new[] { cleaning }));
        Assert.That(found[0].Evidence, Does.Contain("\"dateOfDeath\": \"2026-05-10\"").And.Not.Contain("王"));

        // The periodic scan over those days, and the same event again, raise nothing more.
        await Host
            .Services.GetRequiredService<AnomalyScanner>()
            .ScanAsync(Local(2026, 5, 9, 0), Local(2026, 5, 13, 0), default);
        await Host.Services.GetRequiredService<IBus>().Publish(Died(elder, death, Local(2026, 5, 17, 9)));
        await Task.Delay(500);
        Assert.That(
            await OursAsync(),
            Has.Count.EqualTo(2),
            "the scan and a replay leave the look-back's findings alone"
        );
    }

    [Test]
    public async Task A_later_purchase_on_the_dead_elders_card_is_flagged_by_the_scan()
    {
        var canteen = await BackOfficeData.AddProviderAsync(_county);
        var (elder, card) = (Guid.NewGuid(), Guid.NewGuid());
        await Host
            .Services.GetRequiredService<IBus>()
            .Publish(Died(elder, new DateOnly(2026, 5, 20), Local(2026, 5, 21, 9)));
        await Testing.Eventually.AssertAsync(async () =>
            await ScalarAsync("SELECT count(*) FROM elder_deaths WHERE elder_id = @elder", new { elder }) == 1
        );

        // Booked after the look-back, before the card's revocation reached settlement.
        var late = await BackOfficeData.BookAsync(Meal(canteen, elder, card, Local(2026, 5, 21, 12)));
        await Host
            .Services.GetRequiredService<AnomalyScanner>()
            .ScanAsync(Local(2026, 5, 21, 0), Local(2026, 5, 22, 0), default);

        var found = (await AfterDeathAsync()).Where(f => f.Provider == canteen).ToList();
        Assert.That(found, Has.Count.EqualTo(1));
        Assert.That(found[0].Evidence, Does.Contain(late.ToString()).And.Contain("2026-05-20"));
    }
}
