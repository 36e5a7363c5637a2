namespace LoveCard.Console.Api;

/// <summary>A category's published count.</summary>
public sealed record PublicCount(int Category, string Count);
