namespace LoveCard.Console.Api;

/// <summary>A roster upload accepted: the import runs in the background.</summary>
public sealed record ImportStarted(Guid ImportId, string Status);
