namespace LoveCard.Contracts.Cards;

/// <summary>
/// A face id from the provincial face platform was bound to the card (one face, one card).
/// Only a keyed hash travels; the settlement service hashes what a terminal sends with the same key.
/// </summary>
public sealed record CardFaceBound : CardEvent
{
    /// <summary>Lowercase hex HMAC-SHA256 of the face id, or null when the binding was removed.</summary>
    public string? FaceIdHash { get; init; }
}
