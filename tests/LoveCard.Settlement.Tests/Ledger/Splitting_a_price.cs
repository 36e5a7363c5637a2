using LoveCard.Settlement.Core.Ledger;

namespace LoveCard.Settlement.Tests.Ledger;

/// <summary>The split waterfall of DOMAIN.md §3, as a property over many generated cases (fixed seed).</summary>
public sealed class Splitting_a_price
{
    [Test]
    public void Gives_the_protocol_example_for_a_category_1_first_purchase()
    {
        var split = MoneyRules.Split(
            1500,
            new Shares(80, 15, 5),
            new SubsidyAmounts(30000, 10000, 5000),
            new SubsidyAmounts(1_000_000, 1_000_000, 1_000_000)
        );

        Assert.That(split, Is.EqualTo(new SourceAmounts(1200, 225, 75, 0)));
    }

    [Test]
    public void Applies_the_provider_discount_with_floor()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MoneyRules.DiscountedPrice(1500, 10), Is.EqualTo(1350));
            Assert.That(MoneyRules.DiscountedPrice(999, 15), Is.EqualTo(999 - 149)); // floor(149.85)
            Assert.That(MoneyRules.DiscountedPrice(1, 50), Is.EqualTo(1));
            Assert.That(MoneyRules.DiscountedPrice(700, 100), Is.EqualTo(0));
        });
    }

    [Test]
    public void Never_moves_a_shortfall_to_another_subsidised_source()
    {
        // Fiscal's cap has only 100 left: the other 1100 of its share fall to the family, not to collective or charity.
        var split = MoneyRules.Split(
            1500,
            new Shares(80, 15, 5),
            new SubsidyAmounts(100, 10000, 5000),
            new SubsidyAmounts(1_000_000, 1_000_000, 1_000_000)
        );

        Assert.That(split, Is.EqualTo(new SourceAmounts(100, 225, 75, 1100)));
    }

    [Test]
    public void Limits_a_source_by_its_fund_balance()
    {
        var split = MoneyRules.Split(
            1500,
            new Shares(80, 15, 5),
            new SubsidyAmounts(30000, 10000, 5000),
            new SubsidyAmounts(1_000_000, 40, 0)
        );

        Assert.That(split, Is.EqualTo(new SourceAmounts(1200, 40, 0, 260)));
    }

    [Test]
    public void Always_adds_up_to_the_price_within_shares_caps_and_balances()
    {
        var random = new Random(20261128);
        for (var i = 0; i < 20_000; i++)
        {
            var listPrice = random.Next(3) == 0 ? random.Next(0, 20) : random.NextInt64(0, 5_000_000);
            var discount = random.Next(4) == 0 ? 0 : random.Next(0, 101);
            var price = MoneyRules.DiscountedPrice(listPrice, discount);
            var fiscalShare = random.Next(0, 101);
            var collectiveShare = random.Next(0, 101 - fiscalShare);
            var charityShare = random.Next(0, 101 - fiscalShare - collectiveShare);
            var shares = new Shares(fiscalShare, collectiveShare, charityShare);
            var caps = new SubsidyAmounts(Amount(random), Amount(random), Amount(random));
            var balances = new SubsidyAmounts(Amount(random), Amount(random), Amount(random));

            var split = MoneyRules.Split(price, shares, caps, balances);

            var context =
                $"case {i}: price {price} (list {listPrice}, discount {discount}), shares {shares}, caps {caps}, "
                + $"balances {balances} → {split}";
            Assert.That(split.TotalFen, Is.EqualTo(price), context);
            Assert.That(price, Is.LessThanOrEqualTo(listPrice), context);
            AssertLine(split.FiscalFen, price, fiscalShare, caps.FiscalFen, balances.FiscalFen, context);
            AssertLine(
                split.CollectiveFen,
                price,
                collectiveShare,
                caps.CollectiveFen,
                balances.CollectiveFen,
                context
            );
            AssertLine(split.CharityFen, price, charityShare, caps.CharityFen, balances.CharityFen, context);
            Assert.That(split.FamilyFen, Is.GreaterThanOrEqualTo(0), context);
        }
    }

    private static void AssertLine(long line, long price, int share, long cap, long balance, string context)
    {
        // Each line is exactly the least of its share, its cap left and its fund balance: no more, and no shortfall
        // moved in.
        Assert.That(line, Is.EqualTo(Math.Min(price * share / 100, Math.Min(cap, balance))), context);
    }

    private static long Amount(Random random) =>
        random.Next(5) switch
        {
            0 => 0,
            1 => random.Next(0, 100),
            2 => random.NextInt64(0, 1_000_000),
            _ => random.NextInt64(0, 100_000_000),
        };
}
