namespace LoveCard.Console.Api;

/// <summary>The agent (代办人) of a consent, masked.</summary>
public sealed record ConsentAgent(string MaskedName, string MaskedIdNumber, string Relation, string? MaskedPhone);
