namespace LoveCard.Settlement.Core.Purchases;

/// <summary>
/// How <see cref="PurchaseContext"/> finds the purchase's card: already <paramref name="Found"/> (a QR code's,
/// after its use-up), or by the credential's <paramref name="Where"/> condition on <c>rm_cards c</c> with
/// <paramref name="Value"/> (a card number, or a face's keyed hash) in the same round trip.
/// </summary>
internal readonly record struct CardLookup(CardRow? Found, string? Where, string? Value, bool IsCard)
{
    public static CardLookup Of(CardRow card) => new(card, null, null, false);

    /// <summary>A card or face credential; <paramref name="value"/> is the number or the face's keyed hash.</summary>
    public static CardLookup ByCredential(string type, string value) =>
        type == "card"
            ? new CardLookup(null, "c.card_number = @value", value, true)
            : new CardLookup(null, "c.face_hash = @value", value, false);
}
