using System.Collections.Concurrent;
using System.Text.Json;
using LoveCard.Contracts.Eligibility;
using LoveCard.Settlement.Core.Ledger;

namespace LoveCard.Settlement.Core.ReadModels;

/// <summary>
/// What a county uses before eligibility has published its own policy or settings: the defaults of
/// DOMAIN.md §3 (policy) and the bracketed defaults of DOMAIN.md §2–§4 (settings).
/// </summary>
public static class PolicyDefaults
{
    public const bool OneCardNetwork = true;
    public const int LowFundAlertDays = 7;

    /// <summary>The default policy table of DOMAIN.md §3 (version 0: no published version).</summary>
    public static readonly IReadOnlyList<CategoryPolicy> Categories =
    [
        new(1, new SourceShares(80, 15, 5), [], 30000, 10000, 5000),
        new(2, new SourceShares(30, 20, 0), [], 10000, 5000, 0),
        new(3, new SourceShares(0, 0, 0), [], 0, 0, 0),
    ];

    /// <summary>The shares and caps of <paramref name="category"/> for <paramref name="item"/>; nothing for an unknown
    /// category.</summary>
    public static (Shares Shares, SubsidyAmounts Caps) Resolve(
        IReadOnlyList<CategoryPolicy> categories,
        int category,
        string? item
    )
    {
        var policy = categories.FirstOrDefault(c => c.Category == category);
        if (policy is null)
        {
            return (default, default);
        }

        var shares = (item is null ? null : policy.ItemShares.FirstOrDefault(i => i.Item == item)?.Shares)
            ?? policy.DefaultShares;
        return (
            new Shares(shares.FiscalPercent, shares.CollectivePercent, shares.CharityPercent),
            new SubsidyAmounts(policy.MonthlyCapFiscalFen, policy.MonthlyCapCollectiveFen, policy.MonthlyCapCharityFen)
        );
    }

    /// <summary>
    /// The policy table in <paramref name="json"/> (the read model's <c>categories</c>), parsed once per distinct text:
    /// every purchase reads its county's policy, and a county has one in force at a time (ADR 0049).
    /// </summary>
    public static IReadOnlyList<CategoryPolicy> Parse(string? json)
    {
        if (json is null)
        {
            return Categories;
        }

        if (Parsed.TryGetValue(json, out var known))
        {
            return known;
        }

        var parsed = JsonSerializer.Deserialize<List<CategoryPolicy>>(json, ReadModelJson.Options)
            ?? (IReadOnlyList<CategoryPolicy>)Categories;
        if (Parsed.Count >= MaxParsed)
        {
            // Past a province's counties times a few versions only when something churns: start again.
            Parsed.Clear();
        }

        Parsed[json] = parsed;
        return parsed;
    }

    private const int MaxParsed = 1024;

    private static readonly ConcurrentDictionary<string, IReadOnlyList<CategoryPolicy>> Parsed = new(
        StringComparer.Ordinal
    );
}
