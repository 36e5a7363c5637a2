using LoveCard.Eligibility.Classification;

namespace LoveCard.Eligibility.Tests.Rules;

public sealed class Classifying_an_elder
{
    private static readonly DateOnly Today = new(2025, 6, 1);
    private static readonly ClassificationSettings Defaults = new(80, 1, 12, true);

    private static ElderFacts Facts(
        DateOnly? birth = null,
        string hukou = "33",
        string hardship = Hardship.None,
        int? score = null,
        DateOnly? assessed = null,
        bool dementia = false
    ) =>
        new(
            birth ?? new DateOnly(1955, 1, 1),
            hukou,
            hardship,
            score,
            score is null ? null : assessed ?? Today.AddMonths(-1),
            dementia,
            []
        );

    private static ClassificationResult Classify(
        ElderFacts facts,
        ClassificationSettings? settings = null,
        DateOnly? on = null
    ) => Classifier.Classify(facts, settings ?? Defaults, on ?? Today);

    [Test]
    public void Is_not_an_elder_at_59_the_day_before_the_60th_birthday()
    {
        var r = Classify(Facts(birth: new DateOnly(1965, 6, 2)));
        Assert.That(r.Eligible, Is.False);
        Assert.That(r.Category, Is.Null);
        Assert.That(r.Reasons, Does.Contain("under_60"));
        Assert.That(r.NextReviewOn, Is.EqualTo(new DateOnly(2025, 6, 2)));
    }

    [Test]
    public void Is_category_3_on_the_60th_birthday()
    {
        var r = Classify(Facts(birth: new DateOnly(1965, 6, 1)));
        Assert.That(r.Eligible, Is.True);
        Assert.That(r.Category, Is.EqualTo(3));
        Assert.That(r.Reasons, Is.EqualTo(new[] { "local" }));
    }

    [Test]
    public void Reaches_advanced_age_exactly_on_the_threshold_birthday()
    {
        Assert.That(Classify(Facts(birth: new DateOnly(1945, 6, 2))).Category, Is.EqualTo(3));
        var r = Classify(Facts(birth: new DateOnly(1945, 6, 1)));
        Assert.That(r.Category, Is.EqualTo(2));
        Assert.That(r.Reasons, Is.EqualTo(new[] { "local", "advanced_age" }));
    }

    [Test]
    public void Follows_the_county_advanced_age_setting()
    {
        var birth = new DateOnly(1950, 1, 1); // 75
        Assert.That(Classify(Facts(birth: birth)).Category, Is.EqualTo(3));
        Assert.That(Classify(Facts(birth: birth), Defaults with { AdvancedAge = 75 }).Category, Is.EqualTo(2));
    }

    [TestCase(Hardship.Dibao)]
    [TestCase(Hardship.Marginal)]
    [TestCase(Hardship.ExtremePoverty)]
    public void Hardship_with_disability_is_category_1(string hardship)
    {
        var r = Classify(Facts(hardship: hardship, score: 50));
        Assert.That(r.Category, Is.EqualTo(1));
        Assert.That(r.Reasons, Is.EqualTo(new[] { "local", "hardship:" + hardship, "ability>=1" }));
    }

    [TestCase(Hardship.Dibao)]
    [TestCase(Hardship.Marginal)]
    [TestCase(Hardship.ExtremePoverty)]
    public void Hardship_alone_is_category_3(string hardship) =>
        Assert.That(Classify(Facts(hardship: hardship)).Category, Is.EqualTo(3));

    [Test]
    public void Hardship_with_advanced_age_is_category_1() =>
        Assert.That(Classify(Facts(birth: new DateOnly(1940, 1, 1), hardship: Hardship.Dibao)).Category, Is.EqualTo(1));

    [TestCase(90, 1, 3)] // level 0 is intact
    [TestCase(89, 1, 2)] // level 1 reaches threshold 1
    [TestCase(89, 2, 3)] // level 1 below threshold 2
    [TestCase(65, 2, 2)]
    [TestCase(65, 3, 3)]
    [TestCase(45, 3, 2)]
    [TestCase(45, 4, 3)]
    [TestCase(29, 4, 2)]
    public void Each_ability_level_is_weighed_against_the_county_threshold(int score, int minLevel, int category)
    {
        var r = Classify(Facts(score: score), Defaults with { MinDisabilityLevel = minLevel });
        Assert.That(r.Category, Is.EqualTo(category));
        Assert.That(r.Reasons.Contains($"ability>={minLevel}"), Is.EqualTo(category == 2));
    }

    [Test]
    public void An_expired_assessment_no_longer_counts()
    {
        var r = Classify(Facts(score: 40, assessed: Today.AddMonths(-12)));
        Assert.That(r.Category, Is.EqualTo(3));
        Assert.That(r.AbilityLevel, Is.Null);
        Assert.That(r.Reasons, Does.Contain("assessment_expired"));

        var valid = Classify(Facts(score: 40, assessed: Today.AddMonths(-12).AddDays(1)));
        Assert.That(valid.Category, Is.EqualTo(2));
        Assert.That(valid.NextReviewOn, Is.EqualTo(Today.AddDays(1)));
    }

    [Test]
    public void Dementia_alone_makes_a_local_elder_category_2()
    {
        var r = Classify(Facts(dementia: true));
        Assert.That(r.Category, Is.EqualTo(2));
        Assert.That(r.Reasons, Is.EqualTo(new[] { "local", "dementia" }));
    }

    [Test]
    public void A_non_local_resident_is_category_3_where_the_county_allows_them_whatever_else_fires()
    {
        var r = Classify(Facts(hukou: "11", hardship: Hardship.Dibao, score: 10, birth: new DateOnly(1930, 1, 1)));
        Assert.That(r.Category, Is.EqualTo(3));
        Assert.That(r.IsLocal, Is.False);
        Assert.That(r.Reasons[0], Is.EqualTo("non_local"));
    }

    [Test]
    public void A_non_local_resident_gets_no_card_where_the_county_does_not_allow_them()
    {
        var r = Classify(Facts(hukou: "11"), Defaults with { AllowNonLocalResidents = false });
        Assert.That(r.Eligible, Is.False);
        Assert.That(r.Category, Is.Null);
        Assert.That(r.Reasons, Does.Contain("non_local_not_allowed"));
    }

    [Test]
    public void Local_is_read_from_the_hukou_not_the_id_prefix()
    {
        // A hukou moved into Zhejiang counts as local even for an ID issued elsewhere; the facts carry only the hukou.
        Assert.That(Classify(Facts(hukou: "33", dementia: true)).Category, Is.EqualTo(2));
        // A hukou moved out of Zhejiang is non-local even when the ID number starts with 33.
        Assert.That(Classify(Facts(hukou: "31", dementia: true)).Category, Is.EqualTo(3));
    }

    [Test]
    public void A_29_February_elder_turns_60_on_1_March_in_a_common_year()
    {
        var birth = new DateOnly(1964, 2, 29);
        Assert.That(Classify(Facts(birth: birth), on: new DateOnly(2024, 2, 28)).Eligible, Is.False);
        var under = Classify(Facts(birth: birth), on: new DateOnly(2024, 2, 28));
        Assert.That(under.NextReviewOn, Is.EqualTo(new DateOnly(2024, 2, 29)));
        var birth2 = new DateOnly(1964, 2, 29);
        Assert.That(Classify(Facts(birth: birth2), on: new DateOnly(2024, 2, 29)).Eligible, Is.True);
        var b1965 = new DateOnly(1960, 2, 29); // turns 65 in 2025, a common year
        var r = Classify(Facts(birth: b1965), Defaults with { AdvancedAge = 65 }, new DateOnly(2025, 2, 28));
        Assert.That(r.Category, Is.EqualTo(3));
        Assert.That(r.NextReviewOn, Is.EqualTo(new DateOnly(2025, 3, 1)));
        Assert.That(
            Classify(Facts(birth: b1965), Defaults with { AdvancedAge = 65 }, new DateOnly(2025, 3, 1)).Category,
            Is.EqualTo(2)
        );
    }

    [Test]
    public void Carries_the_rules_version() => Assert.That(Classifier.RulesVersion, Is.Not.Empty);
}
