namespace LoveCard.Settlement.Core.Purchases;

/// <summary>A card found by a credential, with its elder's classification (null fields when no ElderClassified
/// arrived).</summary>
public sealed class CardRow
{
    public Guid CardId { get; init; }

    public Guid ElderId { get; init; }

    public string CardHomeCounty { get; init; } = "";

    public string Status { get; init; } = "";

    public string? HomeCounty { get; init; }

    public string? VillageCode { get; init; }

    public string? MaskedName { get; init; }

    public int? Category { get; init; }

    public bool? Eligible { get; init; }
}
