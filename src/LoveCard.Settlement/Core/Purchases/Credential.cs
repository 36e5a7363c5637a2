namespace LoveCard.Settlement.Core.Purchases;

/// <summary>A checked credential: its type (<c>card</c>, <c>qr</c> or <c>face</c>) and its trimmed value.</summary>
internal sealed record Credential(string Type, string Value);
