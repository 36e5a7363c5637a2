namespace LoveCard.Eligibility.Classification;

/// <summary>Economic hardship status (经济困难), DOMAIN.md §2.</summary>
public static class Hardship
{
    public const string None = "none";
    public const string Dibao = "dibao"; // 低保, minimum living guarantee
    public const string Marginal = "marginal"; // 低保边缘
    public const string ExtremePoverty = "extreme_poverty"; // 特困

    public static readonly IReadOnlyList<string> All = [None, Dibao, Marginal, ExtremePoverty];

    /// <summary>Reads the English code or the Chinese term a bureau's spreadsheet uses; null when unknown.</summary>
    public static string? Parse(string? raw) =>
        (raw ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "none" or "无" or "否" => None,
            "dibao" or "低保" => Dibao,
            "marginal" or "低保边缘" or "低边" => Marginal,
            "extreme_poverty" or "特困" or "特困供养" => ExtremePoverty,
            _ => null,
        };
}
