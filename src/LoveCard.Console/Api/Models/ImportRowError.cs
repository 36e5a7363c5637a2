namespace LoveCard.Console.Api;

/// <summary>One bad row of a roster.</summary>
public sealed record ImportRowError(long RowNumber, string Field, string Code, string Message);
