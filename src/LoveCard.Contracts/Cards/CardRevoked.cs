namespace LoveCard.Contracts.Cards;

/// <summary>The card was revoked for good (death, left the programme).</summary>
public sealed record CardRevoked : CardEvent;
