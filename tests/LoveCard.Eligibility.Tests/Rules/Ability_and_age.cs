using LoveCard.Eligibility.Classification;

namespace LoveCard.Eligibility.Tests.Rules;

public sealed class Ability_and_age
{
    [TestCase(90, 0)]
    [TestCase(89, 1)]
    [TestCase(66, 1)]
    [TestCase(65, 2)]
    [TestCase(46, 2)]
    [TestCase(45, 3)]
    [TestCase(30, 3)]
    [TestCase(29, 4)]
    [TestCase(0, 4)]
    public void Level_follows_the_score_bands(int score, int level) =>
        Assert.That(AbilityLevels.FromScore(score), Is.EqualTo(level));

    [TestCase(-1)]
    [TestCase(91)]
    public void A_score_outside_0_to_90_is_refused(int score) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AbilityLevels.FromScore(score));

    [Test]
    public void An_assessment_counts_until_the_day_before_it_is_twelve_months_old()
    {
        var assessed = new DateOnly(2024, 3, 15);
        Assert.That(AbilityLevels.IsValid(assessed, 12, new DateOnly(2025, 3, 14)), Is.True);
        Assert.That(AbilityLevels.IsValid(assessed, 12, new DateOnly(2025, 3, 15)), Is.False);
    }

    [Test]
    public void Turns_60_on_the_birthday_itself()
    {
        var birth = new DateOnly(1965, 6, 1);
        Assert.That(Ages.On(birth, new DateOnly(2025, 5, 31)), Is.EqualTo(59));
        Assert.That(Ages.On(birth, new DateOnly(2025, 6, 1)), Is.EqualTo(60));
    }

    [Test]
    public void A_29_February_birthday_falls_on_1_March_in_a_common_year()
    {
        var birth = new DateOnly(1964, 2, 29);
        Assert.That(Ages.On(birth, new DateOnly(2025, 2, 28)), Is.EqualTo(60));
        Assert.That(Ages.On(birth, new DateOnly(2023, 2, 28)), Is.EqualTo(58));
        Assert.That(Ages.On(birth, new DateOnly(2023, 3, 1)), Is.EqualTo(59));
        Assert.That(Ages.On(birth, new DateOnly(2024, 2, 28)), Is.EqualTo(59));
        Assert.That(Ages.On(birth, new DateOnly(2024, 2, 29)), Is.EqualTo(60));
    }
}
