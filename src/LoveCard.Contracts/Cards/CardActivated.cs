namespace LoveCard.Contracts.Cards;

/// <summary>Consent was given; the card is usable.</summary>
public sealed record CardActivated : CardEvent;
