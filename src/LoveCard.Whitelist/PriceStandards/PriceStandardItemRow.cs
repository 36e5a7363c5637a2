using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting.Messaging;
using Npgsql;

namespace LoveCard.Whitelist.PriceStandards;

public sealed record PriceStandardItemRow
{
    public required string ItemCode { get; init; }
    public required string Name { get; init; }
    public required string Unit { get; init; }
    public required long CeilingFen { get; init; }

    /// <summary>
    /// Given in the elder's home (DOMAIN.md §8 "Home visits"); null in versions from before visits: the item's default.
    /// </summary>
    public bool? HomeService { get; init; }

    /// <summary>The shortest visit, in minutes, that proves this home service; null when it is none.</summary>
    public int? MinimumVisitMinutes { get; init; }

    public PriceStandardItem ToEvent() => new(ItemCode, Name, Unit, CeilingFen, HomeService, MinimumVisitMinutes);
}
