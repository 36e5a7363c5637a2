using LoveCard.Hosting.Errors;

namespace LoveCard.Whitelist;

/// <summary>County codes are the 6-digit administrative division codes (e.g. <c>330903</c>).</summary>
public static class Counties
{
    public static bool IsValid(string? county) => county is { Length: 6 } && county.All(char.IsAsciiDigit);

    /// <summary>400 <c>invalid_county</c> for a malformed county in the route or query.</summary>
    public static string Require(string? county, string field = "county") =>
        IsValid(county)
            ? county!
            : throw new BadInputException(field, "invalid_county", "A county is a 6-digit division code, e.g. 330903.");
}
