using System.Security.Cryptography;

namespace LoveCard.Cards.Cards;

/// <summary>
/// Card numbers are 9 characters (DOMAIN.md §2: the social-security card carries a 9-character
/// number). When the roster has the elder's social-security card number, the card uses it; else the
/// service generates one in its own checkable format: the letter <c>L</c> (LoveCard-issued), seven
/// random digits and a Luhn check digit over those seven, e.g. <c>L12345674</c>. The check digit
/// catches every single-digit typo and most swaps at the counter; the leading <c>L</c> keeps
/// generated numbers recognisable. See docs/services/cards.md.
/// </summary>
public static class CardNumbers
{
    public const char GeneratedPrefix = 'L';

    /// <summary>A fresh random generated number; uniqueness is the database's job (card_numbers).</summary>
    public static string Generate()
    {
        Span<char> digits = stackalloc char[7];
        for (var i = 0; i < digits.Length; i++)
        {
            digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        }

        var body = new string(digits);
        return GeneratedPrefix + body + LuhnCheckDigit(body);
    }

    /// <summary>
    /// A generated number made from <paramref name="keyedHash"/> (the service's keyed hash of the elder and the
    /// attempt, lowercase hex), so a provisioning batch that is rolled back and tried again draws the same numbers
    /// (ADR 0046), and nobody without the key can tell an elder's number from the elder's id.
    /// </summary>
    public static string Derive(string keyedHash)
    {
        var value = ulong.Parse(keyedHash.AsSpan(0, 15), System.Globalization.NumberStyles.HexNumber, null);
        var body = (value % 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
        return GeneratedPrefix + body + LuhnCheckDigit(body);
    }

    /// <summary>True for a well-formed generated number (prefix, seven digits, right check digit).</summary>
    public static bool IsValidGenerated(string number) =>
        number.Length == 9
        && number[0] == GeneratedPrefix
        && number.AsSpan(1).ContainsAnyExceptInRange('0', '9') is false
        && LuhnCheckDigit(number[1..8]) == number[8];

    /// <summary>Any 9-character number of upper-case letters and digits (what a social-security card
    /// carries).</summary>
    public static bool IsWellFormed(string number) =>
        number.Length == 9 && number.All(c => c is (>= '0' and <= '9') or (>= 'A' and <= 'Z'));

    /// <summary>Luhn (ISO/IEC 7812-1) check digit of a digit string.</summary>
    public static char LuhnCheckDigit(string digits)
    {
        var sum = 0;
        var doubled = true; // the rightmost body digit is doubled, as the check digit will follow it
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
