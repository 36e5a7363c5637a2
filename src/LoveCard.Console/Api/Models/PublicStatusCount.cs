namespace LoveCard.Console.Api;

/// <summary>A status's published count.</summary>
public sealed record PublicStatusCount(string Status, string Count);
