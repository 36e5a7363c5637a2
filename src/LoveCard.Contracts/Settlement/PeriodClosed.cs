namespace LoveCard.Contracts.Settlement;

/// <summary>A clearing period (a calendar month, Asia/Shanghai) was closed. AggregateId is
/// <c>period:{county}:{period}</c>.</summary>
public sealed record PeriodClosed : IntegrationEvent
{
    public required string County { get; init; }

    /// <summary><c>yyyy-MM</c>.</summary>
    public required string Period { get; init; }

    public required long TotalSubsidyFen { get; init; }

    public required int PayoutCount { get; init; }
}
