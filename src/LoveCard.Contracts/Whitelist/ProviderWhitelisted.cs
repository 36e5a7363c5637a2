namespace LoveCard.Contracts.Whitelist;

/// <summary>The bureau admitted the provider to its whitelist, or lifted a suspension.</summary>
public sealed record ProviderWhitelisted : ProviderEvent;
