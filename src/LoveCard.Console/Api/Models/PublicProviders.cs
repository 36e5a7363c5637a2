namespace LoveCard.Console.Api;

/// <summary>Providers by status.</summary>
public sealed record PublicProviders(string Total, IReadOnlyList<PublicStatusCount> ByStatus);
