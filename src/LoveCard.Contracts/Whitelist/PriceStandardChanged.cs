namespace LoveCard.Contracts.Whitelist;

/// <summary>
/// A county's regulated price ceilings (a new version, effective from a day). AggregateId is
/// <c>price-standards:{county}</c>.
/// </summary>
public sealed record PriceStandardChanged : IntegrationEvent
{
    public required string County { get; init; }

    public required int StandardVersion { get; init; }

    public required DateOnly EffectiveFrom { get; init; }

    public required IReadOnlyList<PriceStandardItem> Items { get; init; }
}
