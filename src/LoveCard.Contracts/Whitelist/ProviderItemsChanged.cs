namespace LoveCard.Contracts.Whitelist;

/// <summary>The full list of items a provider may sell, with prices and card-holder discounts, after a
/// change.</summary>
public sealed record ProviderItemsChanged : IntegrationEvent
{
    public required Guid ProviderId { get; init; }

    public required string County { get; init; }

    public required IReadOnlyList<ProviderItem> Items { get; init; }
}
