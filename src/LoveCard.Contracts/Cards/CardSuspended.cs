namespace LoveCard.Contracts.Cards;

/// <summary>The card was suspended (lost, dispute, moved away, consent withdrawn, no longer eligible, other).</summary>
public sealed record CardSuspended : CardEvent;
