using System.Globalization;
using LoveCard.Settlement.Core.Funds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static LoveCard.Settlement.Tests.Purchases.CoreWorld;

namespace LoveCard.Settlement.Tests.Telemetry;

/// <summary>
/// Settlement's business figures (meter <c>LoveCard.Settlement</c>, ADR 0028) as Prometheus scrapes
/// them from <c>/metrics</c>: purchases by outcome and decline code, and the funds' days of cover.
/// </summary>
public sealed class Counting_purchases
{
    [OneTimeSetUp]
    public Task Start() => StartAsync();

    [Test]
    public async Task An_approved_and_a_declined_purchase_each_add_one_to_their_outcome_on_metrics()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 1);
        await TopUpAllAsync(county, elder.Village);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);
        var approvedBefore = await PurchasesAsync("approved", "none");
        var declinedBefore = await PurchasesAsync("declined", "card_unknown");

        await BuyAsync(terminal, PurchaseBody(Card(elder)));
        var declined = await BuyAsync(terminal, PurchaseBody(new { type = "card", value = NewCardNumber() }));
        Assert.That(declined.DeclineCode, Is.EqualTo("card_unknown"));

        // Counted once each answer has gone out: a moment after the terminal read it.
        await Eventually.AssertAsync(async () =>
            await PurchasesAsync("approved", "none") == approvedBefore + 1
            && await PurchasesAsync("declined", "card_unknown") == declinedBefore + 1
        );
    }

    [Test]
    public async Task Days_of_cover_divide_a_funds_balance_by_its_average_daily_spending_of_the_week()
    {
        var county = NewCounty();
        var elder = await AddElderAsync(county, category: 1);
        await TopUpAllAsync(county, elder.Village, amountFen: 700_000);
        var terminal = await AddTerminalAsync(await AddProviderAsync(county), county);
        await BuyAsync(terminal, PurchaseBody(Card(elder)));

        // A gauge of its own (the service's is cached for minutes): 7,000.00 yuan less 12.00 spent
        // from the fiscal fund, at 12.00 / 7 a day.
        var cover = new FundCover(
            Host.Services.GetRequiredService<NpgsqlDataSource>(),
            Host.Services.GetRequiredService<TimeProvider>(),
            NullLogger<FundCover>.Instance
        );
        var fiscal = cover.Observe().Single(m => Tag(m.Tags, "county") == county && Tag(m.Tags, "source") == "fiscal");
        Assert.That(fiscal.Value, Is.EqualTo(Math.Round((700_000 - 1200) / (1200 / 7.0), 2)));
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value?.ToString();
            }
        }

        return null;
    }

    /// <summary>The counter's value for one outcome and decline code on <c>/metrics</c> (0 before the first).</summary>
    private static async Task<double> PurchasesAsync(string outcome, string declineCode)
    {
        using var client = Host.CreateClient();
        var text = await client.GetStringAsync("/metrics");
        var line = text.Split('\n')
            .FirstOrDefault(l =>
                l.StartsWith("lovecard_purchases_total{", StringComparison.Ordinal)
                && l.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal)
                && l.Contains($"decline_code=\"{declineCode}\"", StringComparison.Ordinal)
            );
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
