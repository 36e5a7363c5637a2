namespace LoveCard.Console.Api;

/// <summary>One item of a county's price standard: its name, unit and ceiling.</summary>
public sealed record PriceCeiling(string ItemCode, string Name, string Unit, long CeilingFen);
