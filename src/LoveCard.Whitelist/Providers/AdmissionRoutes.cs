using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;

namespace LoveCard.Whitelist.Providers;

/// <summary>How the bureau admits a provider (DOMAIN.md §4).</summary>
public static class AdmissionRoutes
{
    public const string GovernmentPurchase = "government_purchase"; // 政府购买服务
    public const string ProjectCooperation = "project_cooperation"; // 项目合作

    public static readonly IReadOnlyList<string> All = [GovernmentPurchase, ProjectCooperation];
}
