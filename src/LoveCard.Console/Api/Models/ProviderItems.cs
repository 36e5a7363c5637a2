namespace LoveCard.Console.Api;

/// <summary>A provider's whole item list.</summary>
public sealed record ProviderItems(Guid ProviderId, IReadOnlyList<ProviderItem> Items);
