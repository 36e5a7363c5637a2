namespace LoveCard.Contracts.Settlement;

/// <summary>
/// A fund account holds less than the county's <c>lowFundAlertDays</c> of its recent spending
/// (DOMAIN.md §3). AggregateId is the fund account key.
/// </summary>
public sealed record FundLow : IntegrationEvent
{
    public required string County { get; init; }

    /// <summary><c>fiscal</c>, <c>collective</c> or <c>charity</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The village code for a collective fund, else null.</summary>
    public string? VillageCode { get; init; }

    public required long BalanceFen { get; init; }

    public required long AverageDailySpendFen { get; init; }

    public required decimal DaysLeft { get; init; }
}
