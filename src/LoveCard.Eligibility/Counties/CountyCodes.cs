using System.Text.RegularExpressions;
using LoveCard.Eligibility.Classification;
using LoveCard.Hosting.Errors;

namespace LoveCard.Eligibility.Counties;

public static partial class CountyCodes
{
    /// <summary>Who made a county's version-1 settings and policy.</summary>
    public const string DefaultsActor = "system:defaults";

    [GeneratedRegex("^33[0-9]{4}$")]
    private static partial Regex ZhejiangCounty();

    public static bool IsZhejiangCounty(string? code) => code is not null && ZhejiangCounty().IsMatch(code);

    /// <summary>400 unless <paramref name="county"/> is a Zhejiang county-level division code (33xxxx).</summary>
    public static void Require(string? county, string field = "county")
    {
        if (!IsZhejiangCounty(county))
        {
            throw new BadInputException(
                field,
                "invalid_county",
                "A county is a 6-digit Zhejiang division code starting with 33."
            );
        }
    }
}
