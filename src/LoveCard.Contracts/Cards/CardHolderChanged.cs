namespace LoveCard.Contracts.Cards;

/// <summary>
/// The card holder's classification moved the card: a new home county (the county that funds the
/// subsidy and whose bureau manages the card), category or village. Status is unchanged.
/// </summary>
public sealed record CardHolderChanged : CardEvent
{
    /// <summary>1, 2 or 3, as last classified.</summary>
    public int? Category { get; init; }

    public string? VillageCode { get; init; }
}
