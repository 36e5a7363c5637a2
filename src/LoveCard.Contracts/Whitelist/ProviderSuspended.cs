namespace LoveCard.Contracts.Whitelist;

/// <summary>The provider was suspended: by the bureau, for a low credit score, or at the end of its contract.</summary>
public sealed record ProviderSuspended : ProviderEvent;
