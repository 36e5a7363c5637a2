using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;

namespace LoveCard.Whitelist.Providers;

/// <summary>The kinds of provider DOMAIN.md §4 names.</summary>
public static class ProviderTypes
{
    public const string CareInstitution = "care_institution"; // 养老机构
    public const string Housekeeping = "housekeeping"; // 家政企业
    public const string Medical = "medical"; // 医疗机构
    public const string SocialOrganisation = "social_organisation"; // 社会组织
    public const string MealFirm = "meal_firm"; // 老年助餐企业
    public const string DiscountMerchant = "discount_merchant"; // 优惠商户: supermarkets, pharmacies, barbers

    public static readonly IReadOnlyList<string> All =
    [
        CareInstitution,
        Housekeeping,
        Medical,
        SocialOrganisation,
        MealFirm,
        DiscountMerchant,
    ];
}
