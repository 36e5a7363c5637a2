namespace LoveCard.Console.Api;

/// <summary>What a card number is now: <c>current</c> or <c>replaced</c>.</summary>
public sealed record CardNumberState(string CardNumber, Guid CardId, string State);
