using LoveCard.Cards.Cards;

namespace LoveCard.Cards.Tests.Rules;

/// <summary>The generated card-number format (docs/services/cards.md): L + 7 digits + Luhn check digit.</summary>
public sealed class Card_numbers
{
    [Test]
    public void A_generated_number_is_nine_characters_and_passes_its_own_check()
    {
        for (var i = 0; i < 1000; i++)
        {
            var number = CardNumbers.Generate();
            Assert.That(number, Does.Match("^L[0-9]{8}$"));
            Assert.That(CardNumbers.IsValidGenerated(number), Is.True, number);
        }
    }

    [TestCase("L12345674", true)] // Luhn over 1234567 gives 4
    [TestCase("L12345675", false)]
    [TestCase("L12345574", false)]
    [TestCase("A12345674", false)]
    [TestCase("L1234567", false)]
    public void The_check_digit_is_the_Luhn_digit_of_the_seven_digits(string number, bool valid) =>
        Assert.That(CardNumbers.IsValidGenerated(number), Is.EqualTo(valid));

    [Test]
    public void Every_single_digit_typo_is_caught()
    {
        var number = CardNumbers.Generate();
        for (var position = 1; position < 9; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (number[position] == digit)
                {
                    continue;
                }

                var typo = number[..position] + digit + number[(position + 1)..];
                Assert.That(CardNumbers.IsValidGenerated(typo), Is.False, typo);
            }
        }
    }
}
