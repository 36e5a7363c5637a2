using System.Globalization;

namespace LoveCard.Demo.Codes;

/// <summary>
/// Makes valid 18-character resident ID numbers (GB 11643-1999, DOMAIN.md §2) for demo elders: a
/// 6-digit address code, the birth date, a 3-digit sequence (odd for men, even for women) and the
/// ISO 7064 MOD 11-2 check character. They are invented, so they name nobody.
/// </summary>
public static class ResidentIds
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckMap = "10X98765432";

    public static string Make(string addressCode, DateOnly birthDate, int sequence)
    {
        if (addressCode.Length != 6 || sequence is < 0 or > 999)
        {
            throw new ArgumentException("An address code has 6 digits and a sequence 0-999.");
        }

        var first17 =
            addressCode
            + birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            + sequence.ToString("000", CultureInfo.InvariantCulture);
        return first17 + CheckCharacter(first17);
    }

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckMap[sum % 11];
    }
}
