namespace LoveCard.Settlement.Core.Purchases;

public sealed class ProviderRow
{
    public Guid ProviderId { get; init; }

    public string County { get; init; } = "";

    public string Status { get; init; } = "";
}
