namespace LoveCard.Contracts.Whitelist;

/// <summary>The provider left the whitelist for good.</summary>
public sealed record ProviderExited : ProviderEvent;
