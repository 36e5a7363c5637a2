namespace LoveCard.Console.Api;

/// <summary>A card's changes and consents.</summary>
public sealed record CardHistory(
    Guid CardId,
    IReadOnlyList<CardChangeRow> Changes,
    IReadOnlyList<ConsentRecord> Consents
);
