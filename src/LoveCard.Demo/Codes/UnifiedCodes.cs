using System.Globalization;

namespace LoveCard.Demo.Codes;

/// <summary>
/// Makes valid unified social credit codes (GB 32100-2015, DOMAIN.md §4) for demo providers:
/// registration authority 5 (civil affairs), type 1, the county's division code, an organisation
/// code (8 digits + its GB 11714 check) and the final check character.
/// </summary>
public static class UnifiedCodes
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] OrganisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public static string Make(string county, int organisationNumber)
    {
        var body = organisationNumber.ToString("00000000", CultureInfo.InvariantCulture);
        var organisationCheck = (11 - body.Select((c, i) => (c - '0') * OrganisationWeights[i]).Sum() % 11) switch
        {
            10 => 'X',
            11 => '0',
            var n => (char)('0' + n),
        };
        var first17 = "51" + county + body + organisationCheck;
        var sum = 0;
        var weight = 1; // 3^i mod 31
        foreach (var c in first17)
        {
            sum += Alphabet.IndexOf(c, StringComparison.Ordinal) * weight;
            weight = weight * 3 % 31;
        }

        return first17 + Alphabet[(31 - sum % 31) % 31];
    }
}
