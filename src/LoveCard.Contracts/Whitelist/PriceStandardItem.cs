namespace LoveCard.Contracts.Whitelist;

public sealed record PriceStandardItem(string ItemCode, string Name, string Unit, long CeilingFen);
