using LoveCard.Contracts;

namespace LoveCard.Settlement.Core.Ledger;

/// <summary>
/// Ledger account ids (DOMAIN.md §3). Fund accounts: per county a fiscal fund, a collective fund
/// per village and the county's charity allocation; they never go below zero. The other side:
/// external accounts (treasury, village collectives, donors) that top-ups come from, provider
/// payables that purchases are owed to, and per provider the family's side: what families paid
/// (<see cref="Family"/>) and the provider collected at its counter (<see cref="Counter"/>), so a
/// provider's takings are its payable plus its counter (ADR 0040).
/// </summary>
public static class Accounts
{
    /// <summary>How many shard rows hold one fund's balance (BENCHMARKS.md hot spots).</summary>
    public const int FundShards = 8;

    public static string Fund(string county, string source, string? villageCode) =>
        source switch
        {
            FundSources.Fiscal => $"fund:{county}:fiscal",
            FundSources.Collective =>
                $"fund:{county}:collective:{villageCode ?? throw new ArgumentNullException(nameof(villageCode))}",
            FundSources.Charity => $"fund:{county}:charity",
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Not a subsidised source."),
        };

    /// <summary>Where a top-up of <paramref name="source"/> comes from: the treasury, the village, the charity fund's
    /// donors.</summary>
    public static string External(string county, string source, string? villageCode) =>
        source switch
        {
            FundSources.Fiscal => $"external:{county}:treasury",
            FundSources.Collective => $"external:{county}:village:{villageCode}",
            FundSources.Charity => $"external:{county}:donors",
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Not a subsidised source."),
        };

    /// <summary>The province's division code: the provincial charity fund (爱心卡慈善基金) is its charity fund.</summary>
    public const string Province = "330000";

    /// <summary>The provincial charity fund: donations come in from <c>external:330000:donors</c>, allocations go
    /// out to the county charity funds (ADR 0038).</summary>
    public static readonly string ProvinceCharity = Fund(Province, FundSources.Charity, null);

    /// <summary>What the funds owe a provider for the subsidised part of its sales.</summary>
    public static string Payable(Guid providerId) => $"payable:{providerId}";

    /// <summary>The families who paid this provider their share at its counter: a purchase posts the family's
    /// share out of it, a void or refund back into it.</summary>
    public static string Family(Guid providerId) => $"family:{providerId}";

    /// <summary>What the provider collected at its counter from families (the family's share of its takings; never
    /// paid out by clearing).</summary>
    public static string Counter(Guid providerId) => $"counter:{providerId}";

    /// <summary>The shard a purchase draws from first; any is right, spreading them is the point.</summary>
    public static int PickShard() => Random.Shared.Next(FundShards);
}
