namespace LoveCard.Contracts.Cards;

/// <summary>
/// The card was reissued with a new number; the previous number is blocked at once and declines
/// as <c>card_replaced</c>. The card id stays the same.
/// </summary>
public sealed record CardReplaced : CardEvent
{
    public required string PreviousCardNumber { get; init; }
}
