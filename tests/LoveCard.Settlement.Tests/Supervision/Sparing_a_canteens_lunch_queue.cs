using Dapper;
using LoveCard.Settlement.BackOffice.Supervision;
using LoveCard.Settlement.Tests.Statements;
using Microsoft.Extensions.DependencyInjection;
using static LoveCard.Settlement.Tests.Statements.BackOfficeWorld;

namespace LoveCard.Settlement.Tests.Supervision;

/// <summary>
/// Thresholds per provider type (DOMAIN.md §8 "Credit"): a canteen's lunch queue of 30 cards in 10 minutes
/// raises nothing under the canteen thresholds, while the same pace at another kind of provider is a burst,
/// and a canteen past 60 cards in 10 minutes still is. Every card is new to the canteen (none seen elsewhere),
/// the case the rule is most suspicious of. One county per test, a day in June 2026.
/// </summary>
public sealed class Sparing_a_canteens_lunch_queue
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    private static async Task<(string County, Guid Provider, string Terminal)> ProviderAsync(string? type)
    {
        var county = NewCounty();
        await BackOfficeData.AddFundsAsync(county, county + "001");
        var provider = await BackOfficeData.AddProviderAsync(county);
        await using (var connection = await OpenAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE rm_providers SET provider_type = @type WHERE provider_id = @provider",
                new { type, provider }
            );
        }

        return (county, provider, await BackOfficeData.AddTerminalAsync(provider, county));
    }

    private static async Task<long> QueueAsync(string? type, int cards, TimeSpan within, DateTimeOffset start)
    {
        var (county, provider, terminal) = await ProviderAsync(type);
        await using var connection = await OpenAsync();
        for (var i = 0; i < cards; i++)
        {
            await BackOfficeData.BookAsync(
                connection,
                new PurchaseSpec(
                    provider,
                    county,
                    Guid.NewGuid(),
                    Guid.NewGuid(),
                    county,
                    county + "001",
                    start + within * i / cards,
                    500,
                    0,
                    0,
                    500,
                    TerminalId: terminal
                )
            );
        }

        await Host
            .Services.GetRequiredService<AnomalyScanner>()
            .ScanAsync(new DateTimeOffset(start.Date, start.Offset), start.AddDays(1), default);
        return await ScalarAsync(
            "SELECT count(*) FROM anomalies WHERE county = @county AND rule = 'card_burst'",
            new { county }
        );
    }

    [Test]
    public async Task Thirty_cards_in_ten_minutes_at_a_canteen_raise_nothing()
    {
        Assert.That(await QueueAsync("meal_firm", 30, TimeSpan.FromMinutes(10), Local(2026, 6, 3, 11, 30)), Is.Zero);
    }

    [Test]
    public async Task Thirty_cards_in_ten_minutes_at_a_care_institutions_canteen_raise_nothing()
    {
        Assert.That(
            await QueueAsync("care_institution", 30, TimeSpan.FromMinutes(10), Local(2026, 6, 4, 11, 30)),
            Is.Zero
        );
    }

    [Test]
    public async Task The_same_pace_at_a_shop_is_a_burst()
    {
        Assert.That(
            await QueueAsync("discount_merchant", 30, TimeSpan.FromMinutes(5), Local(2026, 6, 5, 11, 30)),
            Is.EqualTo(1)
        );
    }

    [Test]
    public async Task A_canteen_past_sixty_cards_in_ten_minutes_is_still_a_burst()
    {
        Assert.That(
            await QueueAsync("meal_firm", 66, TimeSpan.FromMinutes(9), Local(2026, 6, 6, 11, 30)),
            Is.EqualTo(1)
        );
    }
}
