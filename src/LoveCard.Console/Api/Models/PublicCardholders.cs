namespace LoveCard.Console.Api;

/// <summary>Cardholders by category, suppressed under 10.</summary>
public sealed record PublicCardholders(string Total, IReadOnlyList<PublicCount> ByCategory);
