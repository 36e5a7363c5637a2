using LoveCard.Settlement.Core.Ledger;

namespace LoveCard.Settlement.Tests.Ledger;

/// <summary>The refund allocation of DOMAIN.md §3 as a property over many generated purchases and refund
/// sequences.</summary>
public sealed class Allocating_refunds
{
    [Test]
    public void Gives_each_source_its_proportional_share_first()
    {
        var paid = new SourceAmounts(1200, 225, 75, 0);

        var refund = MoneyRules.AllocateRefund(750, paid, SourceAmounts.Zero);

        // floor: 600, 112, 37 = 749; the missing fen skips the family (it paid nothing) and goes to charity.
        Assert.That(refund, Is.EqualTo(new SourceAmounts(600, 112, 38, 0)));
    }

    [Test]
    public void Hands_the_missing_fen_to_family_then_charity_then_collective_then_fiscal()
    {
        // floor(10 × 1/3) = 3 each → 9; the missing fen goes to the family first.
        var paid = new SourceAmounts(10, 10, 10, 0);
        Assert.That(MoneyRules.AllocateRefund(10, paid, SourceAmounts.Zero), Is.EqualTo(new SourceAmounts(3, 3, 4, 0)));

        var withFamily = new SourceAmounts(1, 1, 1, 1);
        Assert.That(
            MoneyRules.AllocateRefund(3, withFamily, SourceAmounts.Zero),
            Is.EqualTo(new SourceAmounts(0, 1, 1, 1))
        );
    }

    [Test]
    public void Refuses_more_than_remains()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            MoneyRules.AllocateRefund(11, new SourceAmounts(5, 0, 0, 5), SourceAmounts.Zero)
        );
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            MoneyRules.AllocateRefund(1, new SourceAmounts(5, 0, 0, 5), new SourceAmounts(5, 0, 0, 5))
        );
    }

    [Test]
    public void Never_gives_back_more_than_paid_and_returns_exactly_the_remainder_at_the_end()
    {
        var random = new Random(61128);
        for (var i = 0; i < 5_000; i++)
        {
            var paid = new SourceAmounts(Amount(random), Amount(random), Amount(random), Amount(random));
            if (paid.TotalFen == 0)
            {
                continue;
            }

            var back = SourceAmounts.Zero;
            var refunds = random.Next(0, 6);
            for (var r = 0; r < refunds && paid.TotalFen - back.TotalFen > 1; r++)
            {
                var remaining = paid.TotalFen - back.TotalFen;
                var amount = random.Next(3) == 0 ? 1 : random.NextInt64(1, remaining); // leaves at least one fen
                var given = MoneyRules.AllocateRefund(amount, paid, back);

                var context = $"case {i} refund {r}: paid {paid}, back {back}, r {amount} → {given}";
                Assert.That(given.TotalFen, Is.EqualTo(amount), context);
                Assert.That(
                    new[] { given.FiscalFen, given.CollectiveFen, given.CharityFen, given.FamilyFen },
                    Is.All.GreaterThanOrEqualTo(0),
                    context
                );
                back = back.Plus(given);
                AssertNotMoreThanPaid(paid, back, context);
            }

            var rest = paid.Minus(back);
            var last = MoneyRules.AllocateRefund(rest.TotalFen, paid, back);
            Assert.That(
                last,
                Is.EqualTo(rest),
                $"case {i}: refunding the remainder of {paid} after {back} must return each source exactly its "
                    + $"remainder"
            );
        }
    }

    private static void AssertNotMoreThanPaid(SourceAmounts paid, SourceAmounts back, string context)
    {
        Assert.That(back.FiscalFen, Is.LessThanOrEqualTo(paid.FiscalFen), context);
        Assert.That(back.CollectiveFen, Is.LessThanOrEqualTo(paid.CollectiveFen), context);
        Assert.That(back.CharityFen, Is.LessThanOrEqualTo(paid.CharityFen), context);
        Assert.That(back.FamilyFen, Is.LessThanOrEqualTo(paid.FamilyFen), context);
    }

    private static long Amount(Random random) =>
        random.Next(4) switch
        {
            0 => 0,
            1 => random.Next(0, 10),
            _ => random.NextInt64(0, 1_000_000),
        };
}
