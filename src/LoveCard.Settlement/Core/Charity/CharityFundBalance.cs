namespace LoveCard.Settlement.Core.Charity;

/// <summary>The provincial charity fund's balance and what it has received and given so far.</summary>
public sealed record CharityFundBalance(string AccountId, long BalanceFen, long DonatedFen, long AllocatedFen);
