namespace LoveCard.Eligibility.Classification;

/// <summary>Special situations used for visiting care (探访关爱), DOMAIN.md §2.</summary>
public static class SpecialSituations
{
    public const string Alone = "alone"; // 独居
    public const string EmptyNest = "empty_nest"; // 空巢
    public const string LeftBehind = "left_behind"; // 留守
    public const string SevereDisability = "severe_disability"; // 重度残疾
    public const string SpecialFamilyPlanning = "special_family_planning"; // 计生特殊家庭

    /// <summary>Derived from the classification, for the visiting-care list only.</summary>
    public const string AdvancedAge = "advanced_age";
    public const string DisabledOrDemented = "disabled_or_demented";

    public static readonly IReadOnlyList<string> Recorded =
    [
        Alone,
        EmptyNest,
        LeftBehind,
        SevereDisability,
        SpecialFamilyPlanning,
    ];

    public static readonly IReadOnlyList<string> VisitingCare = [.. Recorded, AdvancedAge, DisabledOrDemented];

    public static string? Parse(string raw) =>
        raw.Trim().ToLowerInvariant() switch
        {
            "alone" or "独居" => Alone,
            "empty_nest" or "空巢" => EmptyNest,
            "left_behind" or "留守" => LeftBehind,
            "severe_disability" or "重残" or "重度残疾" => SevereDisability,
            "special_family_planning" or "计生特殊" or "计生特殊家庭" => SpecialFamilyPlanning,
            _ => null,
        };
}
