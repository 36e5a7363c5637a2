using LoveCard.Whitelist.Providers;

namespace LoveCard.Whitelist.Tests;

/// <summary>GB 32100-2015 and the GB 11714 organisation code inside it (DOMAIN.md §4).</summary>
public sealed class Checking_a_unified_social_credit_code
{
    // Published codes of real firms, and the standard's own worked example.
    [TestCase("91330100799655058B")] // 阿里巴巴（中国）有限公司
    [TestCase("9144030071526726XG")] // 深圳市腾讯计算机系统有限公司: organisation check 10 → X
    [TestCase("91110108551385082Q")] // 小米科技有限责任公司
    [TestCase("91350100M000100Y43")] // the GB 32100 example, a letter in the organisation code
    [TestCase("91330106MA2CFTQ245")] // built here: an "MA" organisation code, checks computed by hand
    public void Accepts_a_valid_code(string code) =>
        Assert.That(UnifiedSocialCreditCode.Check(code), Is.EqualTo(UnifiedSocialCreditCode.Result.Valid));

    [TestCase("91330100799655058C", UnifiedSocialCreditCode.Result.CheckFailed)] // last character changed
    [TestCase("91330100799655068B", UnifiedSocialCreditCode.Result.OrganisationCheckFailed)] // a body digit changed
    [TestCase("9133010079965505XB", UnifiedSocialCreditCode.Result.OrganisationCheckFailed)] // organisation check changed
    [TestCase("91330106MA2CFTQ25J", UnifiedSocialCreditCode.Result.OrganisationCheckFailed)]
    [TestCase("91330100799655058", UnifiedSocialCreditCode.Result.Malformed)] // 17 characters
    [TestCase("91330100799655058BB", UnifiedSocialCreditCode.Result.Malformed)] // 19 characters
    [TestCase("9133010079965505IB", UnifiedSocialCreditCode.Result.Malformed)] // I is not in the alphabet
    [TestCase("91330100799655058b", UnifiedSocialCreditCode.Result.Malformed)] // lower case before normalising
    public void Refuses_an_invalid_code(string code, UnifiedSocialCreditCode.Result expected) =>
        Assert.That(UnifiedSocialCreditCode.Check(code), Is.EqualTo(expected));

    [Test]
    public void Reads_a_lower_case_code_after_normalising() =>
        Assert.That(
            UnifiedSocialCreditCode.IsValid(UnifiedSocialCreditCode.Normalise(" 9144030071526726xg ")),
            Is.True
        );

    [Test]
    public void Maps_an_organisation_check_of_eleven_to_zero()
    {
        // Find a body whose weighted sum is a multiple of 11: 11 - 0 = 11 → '0'.
        var body = Enumerable
            .Range(0, 100_000_000)
            .Select(n => n.ToString("D8", System.Globalization.CultureInfo.InvariantCulture))
            .First(b =>
                b.Select((c, i) => (c - '0') * new[] { 3, 7, 9, 10, 5, 8, 4, 2 }[i]).Sum() % 11 == 0 && b != "00000000"
            );
        Assert.That(UnifiedSocialCreditCode.OrganisationCheckCharacter(body), Is.EqualTo('0'));
    }

    [Test]
    public void Computes_the_check_character_over_the_first_seventeen() =>
        Assert.That(UnifiedSocialCreditCode.CheckCharacter("91330100799655058"), Is.EqualTo('B'));
}
