namespace LoveCard.Contracts.Cards;

/// <summary>A card was provisioned for an eligible elder, pending consent (no application needed).</summary>
public sealed record CardProvisioned : CardEvent;
