using LoveCard.Eligibility.Classification;

namespace LoveCard.Eligibility.Tests.Rules;

public sealed class Resident_id_validation
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    [Test]
    public void Accepts_the_standard_example_whose_check_character_is_X_and_derives_birth_date_and_sex()
    {
        var id = ResidentId.TryParse("11010519491231002X", Today, out var error);
        Assert.That(error, Is.Empty);
        Assert.That(id, Is.Not.Null);
        Assert.That(id!.BirthDate, Is.EqualTo(new DateOnly(1949, 12, 31)));
        Assert.That(id.Sex, Is.EqualTo(ResidentId.Female)); // sequence 002: even
    }

    [Test]
    public void Reads_a_lower_case_x_as_X()
    {
        var id = ResidentId.TryParse("11010519491231002x", Today, out _);
        Assert.That(id?.Number, Is.EqualTo("11010519491231002X"));
    }

    [Test]
    public void Accepts_a_digit_check_character_and_reads_an_odd_sequence_as_male()
    {
        var id = ResidentId.TryParse("440524188001010014", Today, out var error);
        Assert.That(error, Is.Empty);
        Assert.That(id!.Sex, Is.EqualTo(ResidentId.Male));
        Assert.That(id.BirthDate, Is.EqualTo(new DateOnly(1880, 1, 1)));
    }

    [TestCase("", "id_length")]
    [TestCase("11010519491231002", "id_length")]
    [TestCase("11010519491231002XX", "id_length")]
    [TestCase("1101051949123100AX", "id_format")]
    [TestCase("11010519491231002Y", "id_format")]
    [TestCase("99010519491231002X", "id_address")]
    [TestCase("110105194902300029", "id_birth_date")] // 30 February
    [TestCase("110105194913310020", "id_birth_date")] // month 13
    [TestCase("110105203001010020", "id_birth_date")] // in the future
    [TestCase("110105194912310021", "id_check")]
    [TestCase("110105194912310020", "id_check")]
    public void Rejects_bad_ids_with_a_stable_code(string raw, string code)
    {
        var id = ResidentId.TryParse(raw, Today, out var error);
        Assert.That(id, Is.Null);
        Assert.That(error, Is.EqualTo(code));
    }

    [Test]
    public void Rejects_a_29_February_birth_date_in_a_common_year_and_accepts_it_in_a_leap_year()
    {
        var leap = "11010519640229" + "001";
        var common = "11010519650229" + "001";
        Assert.That(ResidentId.TryParse(leap + ResidentId.CheckCharacter(leap), Today, out _), Is.Not.Null);
        Assert.That(ResidentId.TryParse(common + ResidentId.CheckCharacter(common), Today, out var error), Is.Null);
        Assert.That(error, Is.EqualTo("id_birth_date"));
    }
}
