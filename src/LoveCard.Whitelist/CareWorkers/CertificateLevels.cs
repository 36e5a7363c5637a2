using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Hosting.PersonalData;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.CareWorkers;

/// <summary>Certificate levels of the national occupational standard for care workers (养老护理员).</summary>
public static class CertificateLevels
{
    public const string Junior = "junior"; // 五级/初级工
    public const string Intermediate = "intermediate"; // 四级/中级工
    public const string Senior = "senior"; // 三级/高级工
    public const string Technician = "technician"; // 二级/技师
    public const string SeniorTechnician = "senior_technician"; // 一级/高级技师

    public static readonly IReadOnlyList<string> All = [Junior, Intermediate, Senior, Technician, SeniorTechnician];
}
