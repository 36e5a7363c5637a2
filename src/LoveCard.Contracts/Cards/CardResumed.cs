namespace LoveCard.Contracts.Cards;

/// <summary>A suspended card is usable again.</summary>
public sealed record CardResumed : CardEvent;
