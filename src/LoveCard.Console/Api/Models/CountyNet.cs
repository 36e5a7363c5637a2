namespace LoveCard.Console.Api;

/// <summary>The net between the closing county and another (positive: this county pays).</summary>
public sealed record CountyNet(string CounterpartyCounty, long OwedToFen, long OwedByFen, long NetFen);
