using System.Globalization;
using System.Text.RegularExpressions;
using LoveCard.Eligibility.Classification;
using LoveCard.Eligibility.Counties;

namespace LoveCard.Eligibility.Elders;

/// <summary>The roster's column names (docs/services/eligibility.md); also the field names of row errors.</summary>
public static class RosterColumns
{
    public const string IdNumber = "id_number";
    public const string Name = "name";
    public const string HukouProvince = "hukou_province";
    public const string HukouCounty = "hukou_county";
    public const string HomeCounty = "home_county";
    public const string VillageCode = "village_code";
    public const string Phone = "phone";
    public const string Hardship = "hardship";
    public const string AbilityScore = "ability_score";
    public const string AssessmentDate = "assessment_date";
    public const string Dementia = "dementia";
    public const string SpecialSituations = "special_situations";
    public const string SocialSecurityCardNumber = "social_security_card_number";

    public static readonly IReadOnlyList<string> All =
    [
        IdNumber,
        Name,
        HukouProvince,
        HukouCounty,
        HomeCounty,
        VillageCode,
        Phone,
        Hardship,
        AbilityScore,
        AssessmentDate,
        Dementia,
        SpecialSituations,
        SocialSecurityCardNumber,
    ];

    /// <summary>Header names a Chinese bureau's spreadsheet may carry instead (matched after trimming).</summary>
    public static readonly IReadOnlyDictionary<string, string> ChineseAliases = new Dictionary<string, string>
    {
        ["身份证号"] = IdNumber,
        ["身份证号码"] = IdNumber,
        ["姓名"] = Name,
        ["户籍省"] = HukouProvince,
        ["户籍县"] = HukouCounty,
        ["户籍区县"] = HukouCounty,
        ["居住县"] = HomeCounty,
        ["居住区县"] = HomeCounty,
        ["村社区代码"] = VillageCode,
        ["联系电话"] = Phone,
        ["电话"] = Phone,
        ["经济困难"] = Hardship,
        ["能力评估分"] = AbilityScore,
        ["评估日期"] = AssessmentDate,
        ["失智"] = Dementia,
        ["特殊情况"] = SpecialSituations,
        ["社保卡号"] = SocialSecurityCardNumber,
    };
}
