using Dapper;
using LoveCard.Contracts;
using LoveCard.Contracts.Whitelist;
using LoveCard.Hosting;
using LoveCard.Hosting.Errors;
using LoveCard.Hosting.Messaging;
using LoveCard.Whitelist.Providers;
using Npgsql;

namespace LoveCard.Whitelist.Items;

public sealed record ProviderItemRow
{
    public required string ItemCode { get; init; }
    public required string Name { get; init; }
    public required string Unit { get; init; }
    public required long UnitPriceFen { get; init; }
    public required int DiscountPercent { get; init; }
    public required DateOnly EffectiveFrom { get; init; }
}
