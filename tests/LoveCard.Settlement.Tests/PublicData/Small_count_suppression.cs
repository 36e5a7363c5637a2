using LoveCard.Settlement.Oversight.PublicData;

namespace LoveCard.Settlement.Tests.PublicData;

public sealed class Small_count_suppression
{
    [TestCase(0, "<10")]
    [TestCase(9, "<10")]
    [TestCase(10, "10")]
    [TestCase(12345, "12345")]
    public void Shows_counts_under_10_as_less_than_10(long count, string shown) =>
        Assert.That(Suppression.Count(count), Is.EqualTo(shown));

    [Test]
    public void Hides_a_second_cell_when_a_shown_total_would_give_the_only_hidden_one_away()
    {
        var cells = new List<(string, long)> { ("meal", 40), ("bath", 3), ("cleaning", 12) };
        Assert.That(Suppression.Cells(cells, totalShown: true), Is.EquivalentTo(new[] { "bath", "cleaning" }));
        Assert.That(Suppression.Cells(cells, totalShown: false), Is.EquivalentTo(new[] { "bath" }));
    }

    [Test]
    public void Needs_no_second_cell_when_two_are_hidden_already_or_none_is()
    {
        Assert.That(
            Suppression.Cells(new List<(string, long)> { ("a", 40), ("b", 3), ("c", 2) }, true),
            Is.EquivalentTo(new[] { "b", "c" })
        );
        Assert.That(Suppression.Cells(new List<(string, long)> { ("a", 40), ("b", 30) }, true), Is.Empty);
    }

    [Test]
    public void Publishes_amounts_only_over_10_or_more_purchases_and_the_care_worker_ratio_only_over_shown_counts()
    {
        var few = new ItemFigures
        {
            Item = "bath",
            Purchases = 9,
            PriceFen = 27000,
            FiscalFen = 8100,
        };
        var stats = PublicDataApi.Build(
            "330903",
            "2025-03",
            DateTimeOffset.UtcNow,
            new CountyFigures([(1, 30)], [], 9, [few], [])
        );
        Assert.That(stats.PurchasesAtCountyProviders.Purchases, Is.EqualTo("<10"));
        Assert.That(stats.PurchasesAtCountyProviders.Amounts, Is.Null);
        Assert.That(stats.PurchasesAtCountyProviders.ByItem.Single().Amounts, Is.Null);
        Assert.That(stats.CareWorkers.Certified, Is.EqualTo("<10"));
        Assert.That(stats.CareWorkers.Per10000Elders, Is.Null);
        Assert.That(stats.CareWorkers.MeetsTarget, Is.Null);

        var enough = PublicDataApi.Build(
            "330903",
            "2025-03",
            DateTimeOffset.UtcNow,
            new CountyFigures([(1, 4000)], [], 11, [], [])
        );
        Assert.That(enough.CareWorkers.Per10000Elders, Is.EqualTo(27.5m));
        Assert.That(enough.CareWorkers.MeetsTarget, Is.True);
        Assert.That(enough.CareWorkers.Target, Is.EqualTo(25));
    }
}
