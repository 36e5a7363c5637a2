namespace LoveCard.Settlement.Core.SelfService;

/// <summary>
/// An elder's subsidy this month (Asia/Shanghai), per source, as settlement will price the next
/// purchase: the home county's policy in force today and the month's cap usage (DOMAIN.md §3).
/// </summary>
public sealed record MySubsidy(
    Guid ElderId,
    string MaskedName,
    int? Category,
    bool Eligible,
    string HomeCounty,
    string Month,
    int? PolicyVersion,
    IReadOnlyList<SubsidySource> Sources,
    long LeftFen
);
