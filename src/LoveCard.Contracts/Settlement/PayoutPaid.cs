namespace LoveCard.Contracts.Settlement;

/// <summary>
/// The bureau recorded that it paid a provider's payout of a closed clearing period, with the bank's
/// reference and the day it paid (Asia/Shanghai). AggregateId is <c>payout:{county}:{period}:{providerId}</c>,
/// version 1: a payout is paid once.
/// </summary>
public sealed record PayoutPaid : IntegrationEvent
{
    public required string County { get; init; }

    /// <summary><c>yyyy-MM</c>.</summary>
    public required string Period { get; init; }

    public required Guid ProviderId { get; init; }

    public required long AmountFen { get; init; }

    public required string BankReference { get; init; }

    public required DateOnly PaidOn { get; init; }
}
