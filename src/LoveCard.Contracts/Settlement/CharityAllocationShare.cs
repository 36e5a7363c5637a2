namespace LoveCard.Contracts.Settlement;

/// <summary>What one county received from a provincial charity allocation (in fen).</summary>
public sealed record CharityAllocationShare(string County, long AmountFen);
