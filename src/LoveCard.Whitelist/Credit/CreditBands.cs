using LoveCard.Hosting.Errors;

namespace LoveCard.Whitelist.Credit;

/// <summary>
/// Credit score bands for bureau listings. The score starts at 100 and stays within 0–100
/// (DOMAIN.md §4); the county's suspend threshold (default 60) is separate from the bands, which
/// only group providers for reading.
/// </summary>
public static class CreditBands
{
    public const int StartScore = 100;
    public const int MaxScore = 100;
    public const int MinScore = 0;
    public const int DefaultSuspendBelow = 60;

    public const string A = "A"; // 90–100
    public const string B = "B"; // 75–89
    public const string C = "C"; // 60–74
    public const string D = "D"; // below 60

    public static readonly IReadOnlyList<string> All = [A, B, C, D];

    public static string Of(int score) =>
        score >= 90 ? A
        : score >= 75 ? B
        : score >= 60 ? C
        : D;

    public static (int Min, int Max) Range(string band) =>
        band switch
        {
            A => (90, int.MaxValue),
            B => (75, 89),
            C => (60, 74),
            D => (int.MinValue, 59),
            _ => throw new BadInputException("creditBand", "invalid_credit_band", "One of: A, B, C, D."),
        };
}
