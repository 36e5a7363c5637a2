namespace LoveCard.Contracts;

/// <summary>The four funding sources (DOMAIN.md §3), in waterfall order.</summary>
public static class FundSources
{
    public const string Fiscal = "fiscal"; // 财政
    public const string Collective = "collective"; // 村集体
    public const string Charity = "charity"; // 慈善
    public const string Family = "family"; // 家庭

    public static readonly IReadOnlyList<string> Subsidised = [Fiscal, Collective, Charity];
}
